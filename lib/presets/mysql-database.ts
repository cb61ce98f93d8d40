import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { TierEnvValue } from '../tier/pod/env';
import { Tier } from '../tier/kinds/tier';
import { TierProps } from '../tier/kinds/tier-props';
import { withDefaults } from './merge';

/** Where the database's passwords come from: keys of a Secret created outside the app. */
export interface DatabaseSecretRef {
  /** The Secret's name. */
  readonly name: string;
  /**
   * The key holding the root password.
   * @default 'root-password'
   */
  readonly rootPasswordKey?: string;
  /**
   * The key holding the password of `user`.
   * @default 'password'
   */
  readonly userPasswordKey?: string;
}

/** Options of a {@link MySqlDatabase}: any Tier option overrides the preset's. */
export interface MySqlDatabaseProps extends Partial<TierProps> {
  /**
   * The Secret with the passwords. Only its name and keys appear in the manifest.
   * @default { name: 'database-credentials' }
   */
  readonly secret?: DatabaseSecretRef;
  /**
   * A database to create on first start (`MYSQL_DATABASE`).
   * @default - none
   */
  readonly database?: string;
  /**
   * A user to create on first start (`MYSQL_USER`), with the password under `userPasswordKey`,
   * granted all rights on `database`.
   * @default - root only
   */
  readonly user?: string;
  /**
   * The size of the data volume: a cdk8s `Size` (`Size.gibibytes(10)`) or a quantity string
   * (see `TierStorageProps.size`).
   * @default Size.gibibytes(1)
   */
  readonly storageSize?: Size | string;
  /**
   * The storage class of the data volume.
   * @default - the cluster's default storage class
   */
  readonly storageClassName?: string;
}

/** The MySQL image; its entrypoint runs mysqld as the current user when not started as root. */
export const MYSQL_IMAGE = 'mysql:8.0.36';

/**
 * The database of the lesson: MySQL on 3306 keeping its data in a PersistentVolumeClaim
 * (`<tier>-data`, mounted at `/var/lib/mysql` through the subdirectory `mysql`, since the
 * volume's `lost+found` makes a fresh `--initialize` refuse the volume's root).
 *
 * One writer: one replica and a `Recreate` rollout, so the old Pod has stopped before the new one
 * opens the data files (a rolling update would briefly run two). The passwords come from a Secret
 * by reference (`secretKeyRef`), never as values. The socket (`/var/run/mysqld`), the import
 * directory (`/var/lib/mysql-files`) and `/tmp` are writable emptyDirs. The first start
 * initializes the data directory, so a startup probe gives it five minutes.
 *
 * @example
 * const database = new MySqlDatabase(myapp, 'database', { database: 'shop', user: 'shop' });
 * backEnd.connectTo(database); // DATABASE_URL=mysql://database:3306
 */
export class MySqlDatabase extends Tier {
  public constructor(scope: Construct, id: string, props: MySqlDatabaseProps = {}) {
    const { secret = { name: 'database-credentials' }, database, user, storageSize, storageClassName, env: userEnv = {}, ...tierProps } = props;
    super(scope, id, withDefaults({
      image: MYSQL_IMAGE,
      port: 3306,
      urlScheme: 'mysql',
      replicas: 1,
      storage: {
        mountPath: '/var/lib/mysql', subPath: 'mysql', size: storageSize ?? Size.gibibytes(1),
        ...(storageClassName !== undefined ? { storageClassName } : {}),
      },
      writablePaths: ['/var/run/mysqld', '/var/lib/mysql-files', '/tmp'],
      resources: { cpu: { request: '100m', limit: '1' }, memory: { request: '512Mi', limit: '1Gi' } },
      probe: { startup: Duration.minutes(5) },
    }, tierProps));
    // A reference to the Secret created outside the app: only its name and keys are written.
    const credentials = kplus.Secret.fromSecretName(this, 'credentials', secret.name);
    const fromSecret = (key: string) => kplus.EnvValue.fromSecretValue({ secret: credentials, key });
    const env: Record<string, TierEnvValue> = {
      MYSQL_ROOT_PASSWORD: fromSecret(secret.rootPasswordKey ?? 'root-password'),
      ...(database !== undefined ? { MYSQL_DATABASE: database } : {}),
      ...(user !== undefined ? { MYSQL_USER: user, MYSQL_PASSWORD: fromSecret(secret.userPasswordKey ?? 'password') } : {}),
    };
    // The preset's variables first, so the user's can expand them ($(MYSQL_PASSWORD)); a user's
    // variable of the same name replaces the preset's.
    for (const [name, value] of Object.entries(env)) if (!(name in userEnv)) this.addEnv(name, value);
    for (const [name, value] of Object.entries(userEnv)) this.addEnv(name, value);
  }
}
