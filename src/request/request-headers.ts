/** Request headers, lower-cased, repeated ones joined. */
export type RequestHeaders = Readonly<Record<string, string | undefined>>;
