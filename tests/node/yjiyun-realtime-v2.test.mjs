// The whole realtime suite again, against a real socket.io v2 server (the simulator on
// socket.io@2 from npm): `YjiyunRealtime` in its default `auto` mode must detect the generation
// and behave the same (issue 10).
process.env.YJIYUN_SOCKETIO = '2';
await import('./yjiyun-realtime.test.mjs');
await import('./yjiyun-tag-queue.test.mjs');
await import('./yjiyun-connect.test.mjs');
