// tests/redis/differential.test.mjs again, against UpstashStore: the Upstash REST protocol
// (tests/redis/upstash-bridge.mjs) in front of the same kind of redis-server, the same scripts.
process.env.ROBOTWIRE_REDIS_STORE = 'upstash';
await import('./differential.test.mjs');
