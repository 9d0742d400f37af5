// `robotwire/yjiyun` (Node): 有机云 (enterprise-WeChat robots) REST client, realtime client,
// builders and validators.
import './node.js';

export * from '../yjiyun/index.js';
