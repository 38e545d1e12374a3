import { AppDeliveryStage, CiIdentity, EnvironmentClass, PlatformApp, PlatformDeliveryStage, PlatformStack } from '../../src';
import { PROD_PROPS, tempApp } from '../util';

/** A dev and a prod environment with the CI identity of an app and the platform repository. */
export function deliveryStages(): { app: PlatformApp; appStages: AppDeliveryStage[]; platformStages: PlatformDeliveryStage[] } {
  const { app } = tempApp();
  const appStages: AppDeliveryStage[] = [];
  const platformStages: PlatformDeliveryStage[] = [];
  for (const [env, environmentClass] of [['dev', EnvironmentClass.DEVELOPMENT], ['prod', EnvironmentClass.PRODUCTION]] as const) {
    const stack = new PlatformStack(app, `platform-${env}`, { ...PROD_PROPS, environmentName: env, environmentClass, domain: `${env}.acme.example.com` });
    const ci = new CiIdentity(stack, 'ci', { createOidcProvider: env === 'dev' });
    appStages.push(ci.addAppRepository('shop', { repository: 'acme/shop', team: 'shop', services: ['orders', 'checkout'] }).stage);
    platformStages.push(ci.addPlatformRepository('platform', {
      repository: 'acme/platform', deployPolicyArns: ['arn:aws:iam::123456789012:policy/acme-platform-deployer'], githubEnvironment: env === 'prod' ? 'production' : undefined,
    }).stage);
  }
  return { app, appStages, platformStages };
}
