// 有机云: filled in by the yjiyun work (REST client, realtime client, builders, rules).
export {};
