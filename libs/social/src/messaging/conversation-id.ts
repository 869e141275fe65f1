import { nameBasedUuid } from '#platform';

const NAMESPACE = '0b7f9a52-4c1e-4d8a-9f3e-6a5d2c1b8e70';

/** Two people have one conversation, whoever writes first: its id is a function of the pair. */
export function conversationIdOf(userA: string, userB: string): string {
  return nameBasedUuid(NAMESPACE, [userA, userB].sort().join(':'));
}
