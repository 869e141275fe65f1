/** A lesson as the catalog shows it to one caller now. */
export interface LessonAccessState {
  readonly preview: boolean;
  /** Whether its body is shown to the caller now (the catalog's `readLesson` rule: a preview, or entitled and released). */
  readonly readable: boolean;
  /** When a time-released lesson opens for the caller, while that is still ahead; null otherwise. */
  readonly unlocksAt: string | null;
}

export type PlayVerdict = { readonly kind: 'play' } | { readonly kind: 'not-entitled' } | { readonly kind: 'locked'; readonly unlocksAt: string };

/**
 * Whether the media of a lesson plays to a caller who does not manage its content: exactly when
 * the lesson's body is shown to them, so a drip lesson's video opens with its text, not before.
 * `lesson` null: the caller may not see the content, or it has no such lesson. `full`: the caller
 * may read the whole item (entitled), so a lesson still closed to them is locked by time alone,
 * and they are told when it opens; anyone else is simply not entitled (time opens nothing to them).
 */
export function lessonMediaVerdict(lesson: LessonAccessState | null, full: boolean): PlayVerdict {
  if (!lesson) return { kind: 'not-entitled' };
  if (lesson.readable) return { kind: 'play' };
  if (full && lesson.unlocksAt !== null) return { kind: 'locked', unlocksAt: lesson.unlocksAt };
  return { kind: 'not-entitled' };
}
