import { GithubSubject } from '../../src';

describe('GithubSubject', () => {
  test('builds the sub claims GitHub issues', () => {
    expect(GithubSubject.branch('acme/shop', 'main').value).toBe('repo:acme/shop:ref:refs/heads/main');
    expect(GithubSubject.tag('acme/shop', 'v1.2.3').value).toBe('repo:acme/shop:ref:refs/tags/v1.2.3');
    expect(GithubSubject.environment('acme/shop', 'production').value).toBe('repo:acme/shop:environment:production');
    expect(GithubSubject.pullRequest('acme/platform').value).toBe('repo:acme/platform:pull_request');
    expect(GithubSubject.branch('acme/shop', 'release/2.x').repository).toBe('acme/shop');
  });

  test.each([
    ['*'],
    ['acme/*'],
    ['*/shop'],
    ['acme'],
    ['acme/shop/extra'],
    ['acme/sh op'],
    [''],
  ])('refuses the repository %j: only one named repository', (repository) => {
    expect(() => GithubSubject.environment(repository, 'production'))
      .toThrow(/GithubSubject.environment 'GithubSubject.environment': 'repository' \(.*\) is not one named GitHub repository \(wildcards such as "repo:\*"/);
  });

  test.each([
    ['branch', () => GithubSubject.branch('acme/shop', '*'), /'branch' \('\*'\) is not one name \(no wildcards, spaces or ":"\); name one branch, e.g. "main"/],
    ['branch', () => GithubSubject.branch('acme/shop', 'release/*'), /'branch' \('release\/\*'\) is not one name/],
    ['tag', () => GithubSubject.tag('acme/shop', 'v1.*'), /'tag' \('v1.\*'\) is not one name.*e.g. "v1.2.3"/],
    ['environment', () => GithubSubject.environment('acme/shop', 'prod:x'), /'environment' \('prod:x'\) is not one name.*e.g. "production"/],
  ])('refuses a wildcard %s', (_kind, make, message) => {
    expect(make).toThrow(message);
  });
});
