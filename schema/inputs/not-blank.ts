import { buildMessage, ValidateBy, type ValidationOptions } from 'class-validator';

export const IS_NOT_BLANK = 'isNotBlank';

/** A character that shows something: not whitespace, a control or format character (U+200B …) or a mark. */
const VISIBLE = /[^\s\p{Cc}\p{Cf}\p{M}\p{Z}]/u;

/**
 * Text that shows something: `@Length` counts spaces and invisible characters, and the services trim
 * what they store, so a title of spaces or zero-width spaces would be stored empty or invisible. With
 * `minLength`, the trimmed text must be at least that long (`@Length`'s minimum, counted as stored).
 */
export function NotBlank(minLength = 1, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: IS_NOT_BLANK,
      constraints: [minLength],
      validator: {
        validate: (value: unknown) =>
          typeof value !== 'string' || (VISIBLE.test(value) && value.trim().length >= minLength),
        defaultMessage: buildMessage(
          (each) =>
            minLength > 1
              ? `${each}$property must hold at least ${minLength} characters besides the spaces around it, some of them visible`
              : `${each}$property must contain more than whitespace or invisible characters`,
          options,
        ),
      },
    },
    options,
  );
}
