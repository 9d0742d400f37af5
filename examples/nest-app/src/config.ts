// The app's settings: read from the environment in main.ts, passed in by the tests.
import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import type { JdmeProfile, TenantId } from 'robotwire';

export interface AppConfig {
  jdme: {
    appKey: string;
    appSecret: string;
    openTeamId: string;
    robotId: string;
    /** Default http://openme.jd.local; the simulator's URL in tests. */
    baseUrl?: string;
    profile?: JdmeProfile;
    /** For erp destinations without one (never guessed). Default here: ME_TENANT_ID or CN.JD.GROUP, this app's tenant. */
    tenantId?: TenantId;
  };
  webhook: {
    verificationToken: string;
    encryptKey?: string;
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');

function required(env: NodeJS.ProcessEnv, name: string): string {
  const v = env[name];
  if (!v) throw new Error(`missing environment variable ${name}`);
  return v;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return {
    jdme: {
      appKey: required(env, 'ME_APP_KEY'),
      appSecret: required(env, 'ME_APP_SECRET'),
      openTeamId: required(env, 'ME_OPEN_TEAM_ID'),
      robotId: required(env, 'ME_ROBOT_ID'),
      ...(env.ME_BASE_URL ? { baseUrl: env.ME_BASE_URL } : {}),
      ...(env.ME_PROFILE ? { profile: env.ME_PROFILE as JdmeProfile } : {}),
      tenantId: (env.ME_TENANT_ID ?? 'CN.JD.GROUP') as TenantId,
    },
    webhook: {
      verificationToken: required(env, 'ME_VERIFICATION_TOKEN'),
      ...(env.ME_ENCRYPT_KEY ? { encryptKey: env.ME_ENCRYPT_KEY } : {}),
    },
  };
}

/** A stand-in for @nestjs/config: provides APP_CONFIG everywhere. */
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ConfigModule, global: true, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] };
  }
}
