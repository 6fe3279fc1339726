// Test keys are built at run time so no key-shaped literal sits in the repository.
import { randomBytes } from 'node:crypto';

function body(length: number): string {
  return randomBytes(length).toString('base64url').slice(0, length);
}

export const makeKey = {
  project: () => `sk-${'proj'}-${body(80)}`,
  serviceAccount: () => `sk-${'svcacct'}-${body(80)}`,
  admin: () => `sk-${'admin'}-${body(80)}`,
  legacy: () => `sk-${body(20)}${'T3Blbk' + 'FJ'}${body(20)}`,
};
