/** The longest direct message, in UTF-16 units as class-validator counts (an emoji may be two). */
export const MAX_MESSAGE_LENGTH = 2000;

/**
 * Text without control characters other than tab, line feed and carriage return: nothing a person
 * types, and some (NUL) PostgreSQL cannot even store. Anything else is refused at the edge with a 400.
 */
export const WITHOUT_CONTROL_CHARACTERS = /^(?:[^\p{Cc}]|[\t\n\r])*$/u;

/** Text that says something: not empty, not only white space. */
export const HAS_VISIBLE_TEXT = /\S/u;
