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
