/** The harmless read Test Key sends: admin keys cannot call /models, so they read their projects. */
export function testKeyPath(admin: boolean): string {
  return admin ? '/organization/projects' : '/models';
}
