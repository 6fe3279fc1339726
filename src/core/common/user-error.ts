/** An error whose message is written for the user: shown as is, without "failed:" framing. */
export class UserError extends Error {
  constructor(message: string, readonly severity: 'error' | 'warning' | 'info' = 'error') {
    super(message);
    this.name = 'UserError';
  }
}

/** Thrown when the user dismisses a prompt: the command ends quietly. */
export class Cancelled extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'Cancelled';
  }
}

/** By name, not instanceof: lazily loaded chunks carry their own copy of these classes. */
export function isUserError(error: unknown): error is UserError {
  return error instanceof Error && error.name === 'UserError';
}

export function isCancelled(error: unknown): error is Cancelled {
  return error instanceof Error && error.name === 'Cancelled';
}
