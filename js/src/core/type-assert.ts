// Compile-time checks that a hand-written type map (builder inputs per endpoint, event bodies per
// event type, …) has exactly the keys of a union generated from Rust (js/src/generated/).

/** `true` when `A` and `B` are the same union, else `false`. */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** Compiles only when `T` is `true`. */
export type Assert<T extends true> = T;
