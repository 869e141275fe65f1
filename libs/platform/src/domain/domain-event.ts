/**
 * A fact that happened, as a domain decides it. `type` is a stable string chosen once
 * (`commerce.order-paid`), never a class name: stored events outlive refactors.
 */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}
