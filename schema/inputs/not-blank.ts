import { buildMessage, ValidateBy, type ValidationOptions } from 'class-validator';

export const IS_NOT_BLANK = 'isNotBlank';

/**
 * Text that holds more than whitespace: `@Length` counts spaces, and the services trim what they store,
 * so a title of only spaces would be stored empty.
 */
export function NotBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: IS_NOT_BLANK,
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || value.trim().length > 0,
        defaultMessage: buildMessage((each) => `${each}$property must contain more than whitespace`, options),
      },
    },
    options,
  );
}
