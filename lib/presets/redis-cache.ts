import { Construct } from 'constructs';
import { Tier } from '../tier/kinds/tier';
import { TierProps } from '../tier/kinds/tier-props';
import { withDefaults } from './merge';

/** Options of a {@link RedisCache}: any Tier option overrides the preset's. */
export interface RedisCacheProps extends Partial<TierProps> {
  /**
   * The most memory Redis uses for data before it evicts the least recently used keys. Keep it
   * below the memory limit, which also covers Redis's own overhead.
   * @default '128mb'
   */
  readonly maxMemory?: string;
}

/** The Redis image; its entrypoint only switches user when started as root, so it runs as any user. */
export const REDIS_IMAGE = 'redis:7.2.5-alpine';

/**
 * The in-memory cache of the lesson: Redis on 6379, one replica, no persistence (no snapshots,
 * no append-only file: a cache can be rebuilt), evicting least recently used keys at `maxMemory`.
 * `/data` (its working directory) and `/tmp` are writable emptyDirs.
 *
 * @example
 * const cache = new RedisCache(myapp, 'cache');
 * backEnd.connectTo(cache); // CACHE_URL=redis://cache:6379
 */
export class RedisCache extends Tier {
  public constructor(scope: Construct, id: string, props: RedisCacheProps = {}) {
    const { maxMemory = '128mb', ...tierProps } = props;
    super(scope, id, withDefaults({
      image: REDIS_IMAGE,
      args: ['redis-server', '--save', '', '--appendonly', 'no', '--maxmemory', maxMemory, '--maxmemory-policy', 'allkeys-lru'],
      port: 6379,
      urlScheme: 'redis',
      writablePaths: ['/data', '/tmp'],
      resources: { memory: { request: '64Mi', limit: '256Mi' } },
    }, tierProps));
  }
}
