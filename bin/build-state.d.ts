/** Types of bin/build-state.js (plain JavaScript, run before any build exists). */
export declare const root: string;
export declare const stamp: string;
export declare function compiledIsFresh(): boolean;
