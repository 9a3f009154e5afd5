/** Names a node may not take: members of Automation and names the seeds reserve. */
export declare const RESERVED_NAMES: ReadonlySet<string>;
