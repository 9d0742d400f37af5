/**
 * Local simulators of both platforms (Node only), for tests, examples and CI.
 *
 * @module robotwire/sim
 */
// `robotwire/sim` (Node only): the local 京ME platform for tests, examples and CI.
import './node.js';
import './yjiyun.js';

export * from '../sim/jdme/index.js';
export * from '../sim/yjiyun/index.js';
