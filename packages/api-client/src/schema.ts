/**
 * Generated from openapi.json by `pnpm --filter @flagstaff/api-client generate`: do not edit.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is up */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            status: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The database answers */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            status: string;
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            status: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List environments */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Environment"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create an environment (every flag starts disabled in it) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        key: string;
                        name?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Environment"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read an environment */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    env: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Environment"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}/snapshot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The environment's snapshot for SDKs (client keys get client-visible flags only)
         * @description Admin tokens and SDK keys of this environment. Answers 304 to a matching If-None-Match.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    env: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Snapshot"];
                    };
                };
                /** @description Not modified: the If-None-Match revision */
                304: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/flags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List flags */
        get: {
            parameters: {
                query?: {
                    type?: "release" | "experiment" | "ops" | "permission";
                    owner?: string;
                    tag?: string;
                    state?: "active" | "expired" | "archived";
                    lifecycle?: "created" | "code_deployed" | "test" | "canary" | "full" | "cleanup_due" | "archived";
                    environment?: string;
                    /** @description a whole number from 1 to 500, in decimal digits */
                    limit?: string;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Flag"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a flag */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        key: string;
                        /** @enum {string} */
                        type: "release" | "experiment" | "ops" | "permission";
                        owner?: string;
                        /** Format: date-time */
                        expiresAt?: string;
                        name?: string;
                        description?: string;
                        tags?: string[];
                        variants?: {
                            key: string;
                            value: components["schemas"]["JsonValueInput"];
                        }[];
                        environments?: {
                            [key: string]: {
                                enabled?: boolean;
                                offVariant?: string;
                                rules?: components["schemas"]["RuleInput"][];
                                fallthrough?: components["schemas"]["ServeInput"];
                                clientVisible?: boolean;
                            };
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Flag"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/flags/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a flag */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    key: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Flag"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Update a flag (requires If-Match) */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    "if-match"?: string;
                };
                path: {
                    key: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        type?: "release" | "experiment" | "ops" | "permission";
                        owner?: string | null;
                        expiresAt?: string | null;
                        name?: string;
                        description?: string;
                        tags?: string[];
                        variants?: {
                            key: string;
                            value: components["schemas"]["JsonValueInput"];
                        }[];
                        environments?: {
                            [key: string]: {
                                enabled?: boolean;
                                offVariant?: string;
                                rules?: components["schemas"]["RuleInput"][];
                                fallthrough?: components["schemas"]["ServeInput"];
                                clientVisible?: boolean;
                            };
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Flag"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                428: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/flags/{key}/environments/{env}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Update a flag's state in one environment (requires If-Match) */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    "if-match"?: string;
                };
                path: {
                    key: string;
                    env: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        enabled?: boolean;
                        offVariant?: string;
                        rules?: components["schemas"]["RuleInput"][];
                        fallthrough?: components["schemas"]["ServeInput"];
                        clientVisible?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Flag"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                428: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/flags/{key}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Archive a flag (requires If-Match) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "if-match"?: string;
                };
                path: {
                    key: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Flag"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                428: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/flags/{key}/unarchive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Unarchive a flag (requires If-Match) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "if-match"?: string;
                };
                path: {
                    key: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Flag"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                428: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/flags/{key}/expiry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Extend a flag's expiry, with a reason (kept in the audit record; If-Match optional) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "if-match"?: string;
                };
                path: {
                    key: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: date-time */
                        expiresAt: string;
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Flag"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                428: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/flags/{key}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A flag's version history, newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    key: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["FlagVersion"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/flags/{key}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One version of a flag */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    key: string;
                    /** @description a whole number from 1 to 2147483647, in decimal digits */
                    version: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["FlagVersion"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/flags/{key}/versions/{version}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restore an earlier version as a new version (requires If-Match) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "if-match"?: string;
                };
                path: {
                    key: string;
                    /** @description a whole number from 1 to 2147483647, in decimal digits */
                    version: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Flag"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                428: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/flags/{key}/explain": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Explain what a context gets from a flag in an environment, and why */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    key: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        environment: string;
                        context: {
                            [key: string]: components["schemas"]["JsonValueInput"];
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Explanation"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/segments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List segments */
        get: {
            parameters: {
                query?: {
                    /** @description a whole number from 1 to 500, in decimal digits */
                    limit?: string;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Segment"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a segment */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        key: string;
                        name?: string;
                        description?: string;
                        included?: string[];
                        excluded?: string[];
                        conditions?: components["schemas"]["ConditionInput"][];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Segment"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/segments/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a segment */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    key: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Segment"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a segment no flag uses */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    "if-match"?: string;
                };
                path: {
                    key: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                428: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Update a segment (requires If-Match) */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    "if-match"?: string;
                };
                path: {
                    key: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        description?: string;
                        included?: string[];
                        excluded?: string[];
                        conditions?: components["schemas"]["ConditionInput"][];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Segment"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                428: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/credentials": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List credentials (never their tokens) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Credential"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create an admin token or an SDK key; the token is shown in this response only */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        kind: "admin" | "server" | "client";
                        name: string;
                        environment?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @enum {string} */
                            kind: "admin" | "server" | "client";
                            name: string;
                            environment: string | null;
                            hint: string;
                            createdAt: string;
                            revokedAt: string | null;
                            token: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/credentials/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a credential */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Credential"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit log, newest first; filter by flag, resource, actor and time range */
        get: {
            parameters: {
                query?: {
                    flag?: string;
                    resourceType?: "flag" | "segment" | "environment" | "credential" | "rollout" | "webhook" | "cleanup";
                    resourceKey?: string;
                    actor?: string;
                    from?: string;
                    to?: string;
                    /** @description a whole number from 1 to 500, in decimal digits */
                    limit?: string;
                    /** @description a whole number from 1 to 9007199254740991, in decimal digits */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["AuditRecord"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rollouts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List rollouts, newest first */
        get: {
            parameters: {
                query?: {
                    flag?: string;
                    environment?: string;
                    status?: "running" | "paused" | "rolled_back" | "completed";
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                flag: string;
                                environment: string;
                                /** @enum {string} */
                                status: "running" | "paused" | "rolled_back" | "completed";
                                /** @enum {string} */
                                template: "standard" | "conservative" | "aggressive" | "custom";
                                risk: components["schemas"]["JsonValue"];
                                stages: {
                                    percentage: number;
                                    minDurationSeconds: number;
                                }[];
                                stageIndex: number;
                                percentage: number;
                                stageStartedAt: string;
                                secondsAtStage: number;
                                treatmentVariant: string;
                                stableVariant: string;
                                criteria: components["schemas"]["JsonValue"];
                                guards: {
                                    name: string;
                                    query: string;
                                    /** @enum {string} */
                                    failWhen: ">" | "<";
                                    threshold: number;
                                    /** @enum {string} */
                                    action: "hold" | "rollback";
                                }[];
                                lastVerdict: {
                                    /** @enum {string} */
                                    action: "advance" | "hold" | "rollback";
                                    at: string;
                                    reason: string;
                                    criteria: {
                                        name: string;
                                        /** @enum {string} */
                                        kind: "advance" | "rollback" | "health";
                                        /** @enum {string} */
                                        status: "pass" | "fail" | "no_data" | "off";
                                        figures: {
                                            [key: string]: components["schemas"]["JsonValue"];
                                        };
                                        message: string;
                                    }[];
                                    alerts: {
                                        kind: string;
                                        message: string;
                                        figures: {
                                            [key: string]: components["schemas"]["JsonValue"];
                                        };
                                    }[];
                                } | null;
                                alerts: components["schemas"]["JsonValue"];
                                endedReason: components["schemas"]["JsonValue"] | null;
                                version: number;
                                createdBy: string;
                                createdAt: string;
                                updatedAt: string;
                                endedAt: string | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Start a guarded rollout of a flag in an environment
         * @description Stages from a template (standard 2-10-50-100, conservative 0.1-1-5-10-25-50-100, aggressive 1-5-25-50-100; suggested from the flag tags and risk when absent) or custom; the plan then advances, holds or rolls back on its own.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        flag: string;
                        environment: string;
                        /** @enum {string} */
                        template?: "standard" | "conservative" | "aggressive" | "custom";
                        stages?: number[];
                        risk?: {
                            /** @enum {string} */
                            level?: "high" | "medium" | "low";
                            factors?: ("database" | "payments" | "authentication" | "high_traffic" | "irreversible" | "ui_only" | "bug_fix" | "low_traffic" | "new_feature")[];
                        };
                        minStageSeconds?: number;
                        treatmentVariant?: string;
                        criteria?: {
                            minSamplePerCohort?: number;
                            metricsDelaySeconds?: number;
                            advance?: {
                                errorRateDeltaPp?: number | null;
                                p50Ratio?: number | null;
                                p95Ratio?: number | null;
                                p99Ratio?: number | null;
                                p99SpikeRatio?: number | null;
                                conversionDropPp?: number | null;
                            };
                            rollback?: {
                                errorRateDeltaPp?: number | null;
                                p99Ratio?: number | null;
                            };
                            alerts?: {
                                errorRateDeltaPp?: number;
                                p95DeltaRatio?: number;
                                treatmentErrorRate?: number;
                                stuckSeconds?: number;
                            };
                            rollbackAlpha?: number;
                            holdAlpha?: number;
                            sampleRatioAlpha?: number;
                            sampleRatioTolerance?: number;
                        };
                        guards?: {
                            name: string;
                            query: string;
                            /** @enum {string} */
                            failWhen: ">" | "<";
                            threshold: number;
                            /** @enum {string} */
                            action: "hold" | "rollback";
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            flag: string;
                            environment: string;
                            /** @enum {string} */
                            status: "running" | "paused" | "rolled_back" | "completed";
                            /** @enum {string} */
                            template: "standard" | "conservative" | "aggressive" | "custom";
                            risk: components["schemas"]["JsonValue"];
                            stages: {
                                percentage: number;
                                minDurationSeconds: number;
                            }[];
                            stageIndex: number;
                            percentage: number;
                            stageStartedAt: string;
                            secondsAtStage: number;
                            treatmentVariant: string;
                            stableVariant: string;
                            criteria: components["schemas"]["JsonValue"];
                            guards: {
                                name: string;
                                query: string;
                                /** @enum {string} */
                                failWhen: ">" | "<";
                                threshold: number;
                                /** @enum {string} */
                                action: "hold" | "rollback";
                            }[];
                            lastVerdict: {
                                /** @enum {string} */
                                action: "advance" | "hold" | "rollback";
                                at: string;
                                reason: string;
                                criteria: {
                                    name: string;
                                    /** @enum {string} */
                                    kind: "advance" | "rollback" | "health";
                                    /** @enum {string} */
                                    status: "pass" | "fail" | "no_data" | "off";
                                    figures: {
                                        [key: string]: components["schemas"]["JsonValue"];
                                    };
                                    message: string;
                                }[];
                                alerts: {
                                    kind: string;
                                    message: string;
                                    figures: {
                                        [key: string]: components["schemas"]["JsonValue"];
                                    };
                                }[];
                            } | null;
                            alerts: components["schemas"]["JsonValue"];
                            endedReason: components["schemas"]["JsonValue"] | null;
                            version: number;
                            createdBy: string;
                            createdAt: string;
                            updatedAt: string;
                            endedAt: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rollouts/suggestion": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The template the playbook suggests for a flag's risk, and why */
        get: {
            parameters: {
                query: {
                    flag: string;
                    level?: "high" | "medium" | "low";
                    factors?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            template: "standard" | "conservative" | "aggressive";
                            stages: {
                                percentage: number;
                                minDurationSeconds: number;
                            }[];
                            factors: string[];
                            reasons: string[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rollouts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A rollout: its stage, time at stage, every criterion with its current figures, and its history */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            flag: string;
                            environment: string;
                            /** @enum {string} */
                            status: "running" | "paused" | "rolled_back" | "completed";
                            /** @enum {string} */
                            template: "standard" | "conservative" | "aggressive" | "custom";
                            risk: components["schemas"]["JsonValue"];
                            stages: {
                                percentage: number;
                                minDurationSeconds: number;
                            }[];
                            stageIndex: number;
                            percentage: number;
                            stageStartedAt: string;
                            secondsAtStage: number;
                            treatmentVariant: string;
                            stableVariant: string;
                            criteria: components["schemas"]["JsonValue"];
                            guards: {
                                name: string;
                                query: string;
                                /** @enum {string} */
                                failWhen: ">" | "<";
                                threshold: number;
                                /** @enum {string} */
                                action: "hold" | "rollback";
                            }[];
                            lastVerdict: {
                                /** @enum {string} */
                                action: "advance" | "hold" | "rollback";
                                at: string;
                                reason: string;
                                criteria: {
                                    name: string;
                                    /** @enum {string} */
                                    kind: "advance" | "rollback" | "health";
                                    /** @enum {string} */
                                    status: "pass" | "fail" | "no_data" | "off";
                                    figures: {
                                        [key: string]: components["schemas"]["JsonValue"];
                                    };
                                    message: string;
                                }[];
                                alerts: {
                                    kind: string;
                                    message: string;
                                    figures: {
                                        [key: string]: components["schemas"]["JsonValue"];
                                    };
                                }[];
                            } | null;
                            alerts: components["schemas"]["JsonValue"];
                            endedReason: components["schemas"]["JsonValue"] | null;
                            version: number;
                            createdBy: string;
                            createdAt: string;
                            updatedAt: string;
                            endedAt: string | null;
                            verdict: {
                                /** @enum {string} */
                                action: "advance" | "hold" | "rollback";
                                at: string;
                                reason: string;
                                criteria: {
                                    name: string;
                                    /** @enum {string} */
                                    kind: "advance" | "rollback" | "health";
                                    /** @enum {string} */
                                    status: "pass" | "fail" | "no_data" | "off";
                                    figures: {
                                        [key: string]: components["schemas"]["JsonValue"];
                                    };
                                    message: string;
                                }[];
                                alerts: {
                                    kind: string;
                                    message: string;
                                    figures: {
                                        [key: string]: components["schemas"]["JsonValue"];
                                    };
                                }[];
                            } | null;
                            history: {
                                at: string;
                                kind: string;
                                actor: string;
                                fromPercentage: number | null;
                                toPercentage: number | null;
                                message: string;
                                figures: components["schemas"]["JsonValue"];
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rollouts/{id}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pause a rollout (it holds its stage; the kill switch still works) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            flag: string;
                            environment: string;
                            /** @enum {string} */
                            status: "running" | "paused" | "rolled_back" | "completed";
                            /** @enum {string} */
                            template: "standard" | "conservative" | "aggressive" | "custom";
                            risk: components["schemas"]["JsonValue"];
                            stages: {
                                percentage: number;
                                minDurationSeconds: number;
                            }[];
                            stageIndex: number;
                            percentage: number;
                            stageStartedAt: string;
                            secondsAtStage: number;
                            treatmentVariant: string;
                            stableVariant: string;
                            criteria: components["schemas"]["JsonValue"];
                            guards: {
                                name: string;
                                query: string;
                                /** @enum {string} */
                                failWhen: ">" | "<";
                                threshold: number;
                                /** @enum {string} */
                                action: "hold" | "rollback";
                            }[];
                            lastVerdict: {
                                /** @enum {string} */
                                action: "advance" | "hold" | "rollback";
                                at: string;
                                reason: string;
                                criteria: {
                                    name: string;
                                    /** @enum {string} */
                                    kind: "advance" | "rollback" | "health";
                                    /** @enum {string} */
                                    status: "pass" | "fail" | "no_data" | "off";
                                    figures: {
                                        [key: string]: components["schemas"]["JsonValue"];
                                    };
                                    message: string;
                                }[];
                                alerts: {
                                    kind: string;
                                    message: string;
                                    figures: {
                                        [key: string]: components["schemas"]["JsonValue"];
                                    };
                                }[];
                            } | null;
                            alerts: components["schemas"]["JsonValue"];
                            endedReason: components["schemas"]["JsonValue"] | null;
                            version: number;
                            createdBy: string;
                            createdAt: string;
                            updatedAt: string;
                            endedAt: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rollouts/{id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume a paused rollout */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            flag: string;
                            environment: string;
                            /** @enum {string} */
                            status: "running" | "paused" | "rolled_back" | "completed";
                            /** @enum {string} */
                            template: "standard" | "conservative" | "aggressive" | "custom";
                            risk: components["schemas"]["JsonValue"];
                            stages: {
                                percentage: number;
                                minDurationSeconds: number;
                            }[];
                            stageIndex: number;
                            percentage: number;
                            stageStartedAt: string;
                            secondsAtStage: number;
                            treatmentVariant: string;
                            stableVariant: string;
                            criteria: components["schemas"]["JsonValue"];
                            guards: {
                                name: string;
                                query: string;
                                /** @enum {string} */
                                failWhen: ">" | "<";
                                threshold: number;
                                /** @enum {string} */
                                action: "hold" | "rollback";
                            }[];
                            lastVerdict: {
                                /** @enum {string} */
                                action: "advance" | "hold" | "rollback";
                                at: string;
                                reason: string;
                                criteria: {
                                    name: string;
                                    /** @enum {string} */
                                    kind: "advance" | "rollback" | "health";
                                    /** @enum {string} */
                                    status: "pass" | "fail" | "no_data" | "off";
                                    figures: {
                                        [key: string]: components["schemas"]["JsonValue"];
                                    };
                                    message: string;
                                }[];
                                alerts: {
                                    kind: string;
                                    message: string;
                                    figures: {
                                        [key: string]: components["schemas"]["JsonValue"];
                                    };
                                }[];
                            } | null;
                            alerts: components["schemas"]["JsonValue"];
                            endedReason: components["schemas"]["JsonValue"] | null;
                            version: number;
                            createdBy: string;
                            createdAt: string;
                            updatedAt: string;
                            endedAt: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rollouts/{id}/advance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Advance a rollout by hand to its next stage, whatever the criteria say */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            flag: string;
                            environment: string;
                            /** @enum {string} */
                            status: "running" | "paused" | "rolled_back" | "completed";
                            /** @enum {string} */
                            template: "standard" | "conservative" | "aggressive" | "custom";
                            risk: components["schemas"]["JsonValue"];
                            stages: {
                                percentage: number;
                                minDurationSeconds: number;
                            }[];
                            stageIndex: number;
                            percentage: number;
                            stageStartedAt: string;
                            secondsAtStage: number;
                            treatmentVariant: string;
                            stableVariant: string;
                            criteria: components["schemas"]["JsonValue"];
                            guards: {
                                name: string;
                                query: string;
                                /** @enum {string} */
                                failWhen: ">" | "<";
                                threshold: number;
                                /** @enum {string} */
                                action: "hold" | "rollback";
                            }[];
                            lastVerdict: {
                                /** @enum {string} */
                                action: "advance" | "hold" | "rollback";
                                at: string;
                                reason: string;
                                criteria: {
                                    name: string;
                                    /** @enum {string} */
                                    kind: "advance" | "rollback" | "health";
                                    /** @enum {string} */
                                    status: "pass" | "fail" | "no_data" | "off";
                                    figures: {
                                        [key: string]: components["schemas"]["JsonValue"];
                                    };
                                    message: string;
                                }[];
                                alerts: {
                                    kind: string;
                                    message: string;
                                    figures: {
                                        [key: string]: components["schemas"]["JsonValue"];
                                    };
                                }[];
                            } | null;
                            alerts: components["schemas"]["JsonValue"];
                            endedReason: components["schemas"]["JsonValue"] | null;
                            version: number;
                            createdBy: string;
                            createdAt: string;
                            updatedAt: string;
                            endedAt: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rollouts/{id}/restart": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a rolled-back rollout again from its first stage, with the same bucketing */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            flag: string;
                            environment: string;
                            /** @enum {string} */
                            status: "running" | "paused" | "rolled_back" | "completed";
                            /** @enum {string} */
                            template: "standard" | "conservative" | "aggressive" | "custom";
                            risk: components["schemas"]["JsonValue"];
                            stages: {
                                percentage: number;
                                minDurationSeconds: number;
                            }[];
                            stageIndex: number;
                            percentage: number;
                            stageStartedAt: string;
                            secondsAtStage: number;
                            treatmentVariant: string;
                            stableVariant: string;
                            criteria: components["schemas"]["JsonValue"];
                            guards: {
                                name: string;
                                query: string;
                                /** @enum {string} */
                                failWhen: ">" | "<";
                                threshold: number;
                                /** @enum {string} */
                                action: "hold" | "rollback";
                            }[];
                            lastVerdict: {
                                /** @enum {string} */
                                action: "advance" | "hold" | "rollback";
                                at: string;
                                reason: string;
                                criteria: {
                                    name: string;
                                    /** @enum {string} */
                                    kind: "advance" | "rollback" | "health";
                                    /** @enum {string} */
                                    status: "pass" | "fail" | "no_data" | "off";
                                    figures: {
                                        [key: string]: components["schemas"]["JsonValue"];
                                    };
                                    message: string;
                                }[];
                                alerts: {
                                    kind: string;
                                    message: string;
                                    figures: {
                                        [key: string]: components["schemas"]["JsonValue"];
                                    };
                                }[];
                            } | null;
                            alerts: components["schemas"]["JsonValue"];
                            endedReason: components["schemas"]["JsonValue"] | null;
                            version: number;
                            createdBy: string;
                            createdAt: string;
                            updatedAt: string;
                            endedAt: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rollouts/{id}/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Roll a rollout back by hand: everyone gets the stable variant (final until restarted) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            flag: string;
                            environment: string;
                            /** @enum {string} */
                            status: "running" | "paused" | "rolled_back" | "completed";
                            /** @enum {string} */
                            template: "standard" | "conservative" | "aggressive" | "custom";
                            risk: components["schemas"]["JsonValue"];
                            stages: {
                                percentage: number;
                                minDurationSeconds: number;
                            }[];
                            stageIndex: number;
                            percentage: number;
                            stageStartedAt: string;
                            secondsAtStage: number;
                            treatmentVariant: string;
                            stableVariant: string;
                            criteria: components["schemas"]["JsonValue"];
                            guards: {
                                name: string;
                                query: string;
                                /** @enum {string} */
                                failWhen: ">" | "<";
                                threshold: number;
                                /** @enum {string} */
                                action: "hold" | "rollback";
                            }[];
                            lastVerdict: {
                                /** @enum {string} */
                                action: "advance" | "hold" | "rollback";
                                at: string;
                                reason: string;
                                criteria: {
                                    name: string;
                                    /** @enum {string} */
                                    kind: "advance" | "rollback" | "health";
                                    /** @enum {string} */
                                    status: "pass" | "fail" | "no_data" | "off";
                                    figures: {
                                        [key: string]: components["schemas"]["JsonValue"];
                                    };
                                    message: string;
                                }[];
                                alerts: {
                                    kind: string;
                                    message: string;
                                    figures: {
                                        [key: string]: components["schemas"]["JsonValue"];
                                    };
                                }[];
                            } | null;
                            alerts: components["schemas"]["JsonValue"];
                            endedReason: components["schemas"]["JsonValue"] | null;
                            version: number;
                            createdBy: string;
                            createdAt: string;
                            updatedAt: string;
                            endedAt: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/cleanup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Stale and expired flags grouped by owner, with reasons and ages */
        get: {
            parameters: {
                query?: {
                    owner?: string;
                    environment?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CleanupReport"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/cleanup/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run the cleanup job now: mark flags, notify each owner once; never changes what flags serve */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CleanupRun"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lifecycle/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How many flags are at each lifecycle stage, per environment */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LifecycleSummary"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sdk/snapshot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The SDK key's environment snapshot (client keys: client-visible flags, nothing secret)
         * @description ETag is the revision; a matching If-None-Match answers 304. Served from memory, gzip or brotli per Accept-Encoding. Client keys may be sent as `?key=` (read by the SDK authentication, not validated by a schema: this is the hot path).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Snapshot"];
                    };
                };
                /** @description Not modified: the If-None-Match revision */
                304: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sdk/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Server-Sent Events: a whole snapshot on connect and on every revision change
         * @description Each event is `id: <revision>`, `event: snapshot`, `data: <snapshot>`; `: ping` every 15 s. Send Last-Event-ID to skip the first snapshot when it is the current revision.
         */
        get: {
            parameters: {
                query?: {
                    key?: string;
                    lastEventId?: string;
                    patches?: "0" | "1";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An event stream (text/event-stream) of `snapshot` and `patch` events */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sdk/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * SDK signals per flag version, variant and cohort: exposures, measured calls, errors, latency sketches, conversions
         * @description JSON, or the same JSON as `text/plain` (navigator.sendBeacon). Client keys may be sent as `?key=`. A report is counted once per `batchId` (a retry answers 202 and counts nothing). See docs/sdk-protocol.md.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        batchId?: string;
                        /** Format: date-time */
                        start: string;
                        /** Format: date-time */
                        end: string;
                        flags?: {
                            [key: string]: {
                                [key: string]: number;
                            };
                        };
                        /** @description Per flag, version, variant and cohort: { flag, version, variant, cohort, exposures, calls?, errors?, latency?: { zeroCount, bins }, conversions? } (docs/sdk-protocol.md) */
                        signals?: unknown[];
                    };
                };
            };
            responses: {
                /** @description Accepted */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List webhook subscriptions */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                url: string;
                                description: string;
                                events: string[];
                                environments: string[] | null;
                                /** @enum {string} */
                                format: "json" | "slack";
                                enabled: boolean;
                                version: number;
                                createdAt: string;
                                updatedAt: string;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Subscribe a URL to events (the signing secret is in this response only) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        url: string;
                        secret?: string;
                        description?: string;
                        events: string[];
                        environments?: string[] | null;
                        /** @enum {string} */
                        format?: "json" | "slack";
                        enabled?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            url: string;
                            description: string;
                            events: string[];
                            environments: string[] | null;
                            /** @enum {string} */
                            format: "json" | "slack";
                            enabled: boolean;
                            version: number;
                            createdAt: string;
                            updatedAt: string;
                            secret: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                428: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a webhook subscription (never its secret) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            url: string;
                            description: string;
                            events: string[];
                            environments: string[] | null;
                            /** @enum {string} */
                            format: "json" | "slack";
                            enabled: boolean;
                            version: number;
                            createdAt: string;
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a webhook subscription and its pending deliveries */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    "if-match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                428: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Update a webhook subscription (requires If-Match); rotateSecret returns the new secret once */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    "if-match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        url?: string;
                        secret?: string;
                        rotateSecret?: boolean;
                        description?: string;
                        events?: string[];
                        environments?: string[] | null;
                        /** @enum {string} */
                        format?: "json" | "slack";
                        enabled?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            url: string;
                            description: string;
                            events: string[];
                            environments: string[] | null;
                            /** @enum {string} */
                            format: "json" | "slack";
                            enabled: boolean;
                            version: number;
                            createdAt: string;
                            updatedAt: string;
                            secret?: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                428: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A subscription's deliveries, newest first, each with every attempt */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                    status?: "pending" | "delivered" | "failed";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                eventId: string;
                                eventType: string;
                                /** @enum {string} */
                                status: "pending" | "delivered" | "failed";
                                attempts: number;
                                nextAttemptAt: string | null;
                                createdAt: string;
                                deliveredAt: string | null;
                                log: {
                                    attempt: number;
                                    at: string;
                                    statusCode: number | null;
                                    error: string | null;
                                    durationMs: number;
                                    nextAttemptAt: string | null;
                                }[];
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/deliveries/{deliveryId}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a delivery again (for example after its retries ran out) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    deliveryId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            eventId: string;
                            eventType: string;
                            /** @enum {string} */
                            status: "pending" | "delivered" | "failed";
                            attempts: number;
                            nextAttemptAt: string | null;
                            createdAt: string;
                            deliveredAt: string | null;
                            log: {
                                attempt: number;
                                at: string;
                                statusCode: number | null;
                                error: string | null;
                                durationMs: number;
                                nextAttemptAt: string | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description Any JSON value */
        JsonValueInput: JsonValue;
        ConditionInput: {
            /** @constant */
            op: "eq";
            attribute: string;
            value: string | number | boolean;
            negate?: boolean;
        } | {
            /** @constant */
            op: "in";
            attribute: string;
            values: (string | number | boolean)[];
            negate?: boolean;
        } | {
            /** @constant */
            op: "not_in";
            attribute: string;
            values: (string | number | boolean)[];
            negate?: boolean;
        } | {
            /** @constant */
            op: "contains";
            attribute: string;
            values: string[];
            caseInsensitive?: boolean;
            negate?: boolean;
        } | {
            /** @constant */
            op: "starts_with";
            attribute: string;
            values: string[];
            caseInsensitive?: boolean;
            negate?: boolean;
        } | {
            /** @constant */
            op: "ends_with";
            attribute: string;
            values: string[];
            caseInsensitive?: boolean;
            negate?: boolean;
        } | {
            /** @constant */
            op: "lt";
            attribute: string;
            value: number;
            negate?: boolean;
        } | {
            /** @constant */
            op: "lte";
            attribute: string;
            value: number;
            negate?: boolean;
        } | {
            /** @constant */
            op: "gt";
            attribute: string;
            value: number;
            negate?: boolean;
        } | {
            /** @constant */
            op: "gte";
            attribute: string;
            value: number;
            negate?: boolean;
        } | {
            /** @constant */
            op: "before";
            attribute: string;
            value: string | number;
            negate?: boolean;
        } | {
            /** @constant */
            op: "after";
            attribute: string;
            value: string | number;
            negate?: boolean;
        } | {
            /** @constant */
            op: "semver_eq";
            attribute: string;
            value: string;
            negate?: boolean;
        } | {
            /** @constant */
            op: "semver_lt";
            attribute: string;
            value: string;
            negate?: boolean;
        } | {
            /** @constant */
            op: "semver_lte";
            attribute: string;
            value: string;
            negate?: boolean;
        } | {
            /** @constant */
            op: "semver_gt";
            attribute: string;
            value: string;
            negate?: boolean;
        } | {
            /** @constant */
            op: "semver_gte";
            attribute: string;
            value: string;
            negate?: boolean;
        } | {
            /** @constant */
            op: "matches";
            attribute: string;
            value: string;
            caseInsensitive?: boolean;
            negate?: boolean;
        } | {
            /** @constant */
            op: "present";
            attribute: string;
            negate?: boolean;
        } | {
            /** @constant */
            op: "absent";
            attribute: string;
            negate?: boolean;
        } | {
            /** @constant */
            op: "segment";
            segments: string[];
            negate?: boolean;
        } | {
            /** @constant */
            op: "flag";
            flag: string;
            variants: string[];
            negate?: boolean;
        };
        ServeInput: {
            variant?: string;
            split?: {
                variant: string;
                weight: number;
            }[];
            percentage?: number;
            stickiness?: string;
        };
        RuleInput: {
            id?: string;
            description?: string;
            conditions: components["schemas"]["ConditionInput"][];
            serve: components["schemas"]["ServeInput"];
        };
        ErrorInput: {
            error: {
                code: string;
                message: string;
                issues?: {
                    path: (string | number)[];
                    message: string;
                }[];
                currentVersion?: number;
                etag?: string;
                flags?: string[];
                plan?: string | null;
            };
        };
        EnvironmentStateInput: {
            enabled: boolean;
            offVariant: string;
            rules: components["schemas"]["RuleInput"][];
            fallthrough: components["schemas"]["ServeInput"];
            clientVisible: boolean;
        };
        FlagDocumentInput: {
            key: string;
            name: string;
            description: string;
            /** @enum {string} */
            type: "release" | "experiment" | "ops" | "permission";
            owner: string | null;
            tags: string[];
            variants: {
                key: string;
                value: components["schemas"]["JsonValueInput"];
            }[];
            salt: string;
            archived: boolean;
            createdAt: string;
            expiresAt: string | null;
            environments: {
                [key: string]: components["schemas"]["EnvironmentStateInput"];
            };
        };
        LifecycleStageInput: {
            /** @enum {string} */
            stage: "created" | "code_deployed" | "test" | "canary" | "full" | "cleanup_due" | "archived";
            since: string | null;
        };
        FlagInput: {
            key: string;
            name: string;
            description: string;
            /** @enum {string} */
            type: "release" | "experiment" | "ops" | "permission";
            owner: string | null;
            tags: string[];
            variants: {
                key: string;
                value: components["schemas"]["JsonValueInput"];
            }[];
            salt: string;
            archived: boolean;
            createdAt: string;
            expiresAt: string | null;
            environments: {
                [key: string]: components["schemas"]["EnvironmentStateInput"];
            };
            version: number;
            updatedAt: string;
            /** @enum {string} */
            state: "active" | "expired" | "archived";
            /** @description On reads (GET): the lifecycle stage in each environment, derived from facts */
            lifecycle?: {
                [key: string]: components["schemas"]["LifecycleStageInput"];
            };
        };
        FlagVersionInput: {
            version: number;
            actor: string;
            createdAt: string;
            flag: components["schemas"]["FlagDocumentInput"];
        };
        SegmentInput: {
            key: string;
            name: string;
            description: string;
            included: string[];
            excluded: string[];
            conditions: components["schemas"]["ConditionInput"][];
            version: number;
            createdAt: string;
            updatedAt: string;
        };
        EnvironmentInput: {
            key: string;
            name: string;
            revision: number;
            createdAt: string;
        };
        CredentialInput: {
            id: string;
            /** @enum {string} */
            kind: "admin" | "server" | "client";
            name: string;
            environment: string | null;
            hint: string;
            createdAt: string;
            revokedAt: string | null;
        };
        AuditRecordInput: {
            id: number;
            at: string;
            actor: string;
            action: string;
            resourceType: string;
            resourceKey: string;
            environment: string | null;
            before: components["schemas"]["JsonValueInput"];
            after: components["schemas"]["JsonValueInput"];
            reason: string | null;
        };
        SnapshotInput: {
            /** @description 1, the snapshot format (SNAPSHOT_SCHEMA_VERSION) */
            schemaVersion: number;
            environment: string;
            revision: number;
            flags: {
                key: string;
                /** @enum {string} */
                type: "release" | "experiment" | "ops" | "permission";
                salt: string;
                variants: {
                    key: string;
                    value: components["schemas"]["JsonValueInput"];
                }[];
                enabled: boolean;
                offVariant: string;
                rules: {
                    id: string;
                    conditions: (components["schemas"]["ConditionInput"] | {
                        /** @enum {string} */
                        op: "in_hashed" | "not_in_hashed";
                        attribute: string;
                        salt: string;
                        hashes: string[];
                        values?: (string | number | boolean)[];
                        negate?: boolean;
                    })[];
                    serve: components["schemas"]["ServeInput"];
                }[];
                fallthrough: components["schemas"]["ServeInput"];
                version?: number;
            }[];
            segments: {
                key: string;
                included?: string[];
                excluded?: string[];
                includedHashes?: string[];
                excludedHashes?: string[];
                conditions?: (components["schemas"]["ConditionInput"] | {
                    /** @enum {string} */
                    op: "in_hashed" | "not_in_hashed";
                    attribute: string;
                    salt: string;
                    hashes: string[];
                    values?: (string | number | boolean)[];
                    negate?: boolean;
                })[];
                salt?: string;
            }[];
        };
        EvaluationInput: {
            value: components["schemas"]["JsonValueInput"];
            variant?: string;
            /** @enum {string} */
            reason: "DISABLED" | "RULE_MATCH" | "ROLLOUT" | "DEFAULT" | "ERROR";
            ruleId?: string;
            ruleIndex?: number;
            bucket?: number;
            splitBucket?: number;
            /** @enum {string} */
            errorCode?: "FLAG_NOT_FOUND" | "TYPE_MISMATCH" | "MALFORMED_FLAG" | "INVALID_CONTEXT" | "PREREQUISITE_CYCLE" | "PREREQUISITE_TOO_DEEP" | "GENERAL";
            errorMessage?: string;
        };
        ExplanationInput: {
            flag: string;
            environment: string;
            flagVersion: number;
            archived: boolean;
            evaluation: components["schemas"]["EvaluationInput"];
            matchedRule: components["schemas"]["RuleInput"] | null;
        };
        CleanupReasonInput: {
            /** @enum {string} */
            code: "expired" | "expiring_soon" | "settled" | "not_evaluated" | "archived_but_evaluated";
            environment: string | null;
            since: string;
            ageDays: number;
            message: string;
        };
        CleanupReportInput: {
            generatedAt: string;
            staleAfterDays: number;
            owners: {
                owner: string | null;
                flags: {
                    key: string;
                    /** @enum {string} */
                    type: "release" | "experiment" | "ops" | "permission";
                    owner: string | null;
                    expiresAt: string | null;
                    archived: boolean;
                    reasons: components["schemas"]["CleanupReasonInput"][];
                }[];
            }[];
        };
        CleanupRunInput: {
            ranAt: string;
            /** @description flags with at least one reason */
            flagged: number;
            /** @description owners notified (one cleanup.report event each) */
            owners: number;
            /** @description events queued: one per owner, plus flag.expired per newly expired flag */
            notified: number;
        };
        LifecycleSummaryInput: {
            environments: {
                [key: string]: {
                    created: number;
                    code_deployed: number;
                    test: number;
                    canary: number;
                    full: number;
                    cleanup_due: number;
                    archived: number;
                };
            };
        };
        /** @description Any JSON value */
        JsonValue: JsonValue;
        Condition: {
            /** @constant */
            op: "eq";
            attribute: string;
            value: string | number | boolean;
            negate?: boolean;
        } | {
            /** @constant */
            op: "in";
            attribute: string;
            values: (string | number | boolean)[];
            negate?: boolean;
        } | {
            /** @constant */
            op: "not_in";
            attribute: string;
            values: (string | number | boolean)[];
            negate?: boolean;
        } | {
            /** @constant */
            op: "contains";
            attribute: string;
            values: string[];
            caseInsensitive?: boolean;
            negate?: boolean;
        } | {
            /** @constant */
            op: "starts_with";
            attribute: string;
            values: string[];
            caseInsensitive?: boolean;
            negate?: boolean;
        } | {
            /** @constant */
            op: "ends_with";
            attribute: string;
            values: string[];
            caseInsensitive?: boolean;
            negate?: boolean;
        } | {
            /** @constant */
            op: "lt";
            attribute: string;
            value: number;
            negate?: boolean;
        } | {
            /** @constant */
            op: "lte";
            attribute: string;
            value: number;
            negate?: boolean;
        } | {
            /** @constant */
            op: "gt";
            attribute: string;
            value: number;
            negate?: boolean;
        } | {
            /** @constant */
            op: "gte";
            attribute: string;
            value: number;
            negate?: boolean;
        } | {
            /** @constant */
            op: "before";
            attribute: string;
            value: string | number;
            negate?: boolean;
        } | {
            /** @constant */
            op: "after";
            attribute: string;
            value: string | number;
            negate?: boolean;
        } | {
            /** @constant */
            op: "semver_eq";
            attribute: string;
            value: string;
            negate?: boolean;
        } | {
            /** @constant */
            op: "semver_lt";
            attribute: string;
            value: string;
            negate?: boolean;
        } | {
            /** @constant */
            op: "semver_lte";
            attribute: string;
            value: string;
            negate?: boolean;
        } | {
            /** @constant */
            op: "semver_gt";
            attribute: string;
            value: string;
            negate?: boolean;
        } | {
            /** @constant */
            op: "semver_gte";
            attribute: string;
            value: string;
            negate?: boolean;
        } | {
            /** @constant */
            op: "matches";
            attribute: string;
            value: string;
            caseInsensitive?: boolean;
            negate?: boolean;
        } | {
            /** @constant */
            op: "present";
            attribute: string;
            negate?: boolean;
        } | {
            /** @constant */
            op: "absent";
            attribute: string;
            negate?: boolean;
        } | {
            /** @constant */
            op: "segment";
            segments: string[];
            negate?: boolean;
        } | {
            /** @constant */
            op: "flag";
            flag: string;
            variants: string[];
            negate?: boolean;
        };
        Serve: {
            variant?: string;
            split?: {
                variant: string;
                weight: number;
            }[];
            percentage?: number;
            stickiness?: string;
        };
        Rule: {
            id?: string;
            description?: string;
            conditions: components["schemas"]["Condition"][];
            serve: components["schemas"]["Serve"];
        };
        Error: {
            error: {
                code: string;
                message: string;
                issues?: {
                    path: (string | number)[];
                    message: string;
                }[];
                currentVersion?: number;
                etag?: string;
                flags?: string[];
                plan?: string | null;
            };
        };
        EnvironmentState: {
            enabled: boolean;
            offVariant: string;
            rules: components["schemas"]["Rule"][];
            fallthrough: components["schemas"]["Serve"];
            clientVisible: boolean;
        };
        FlagDocument: {
            key: string;
            name: string;
            description: string;
            /** @enum {string} */
            type: "release" | "experiment" | "ops" | "permission";
            owner: string | null;
            tags: string[];
            variants: {
                key: string;
                value: components["schemas"]["JsonValue"];
            }[];
            salt: string;
            archived: boolean;
            createdAt: string;
            expiresAt: string | null;
            environments: {
                [key: string]: components["schemas"]["EnvironmentState"];
            };
        };
        LifecycleStage: {
            /** @enum {string} */
            stage: "created" | "code_deployed" | "test" | "canary" | "full" | "cleanup_due" | "archived";
            since: string | null;
        };
        Flag: {
            key: string;
            name: string;
            description: string;
            /** @enum {string} */
            type: "release" | "experiment" | "ops" | "permission";
            owner: string | null;
            tags: string[];
            variants: {
                key: string;
                value: components["schemas"]["JsonValue"];
            }[];
            salt: string;
            archived: boolean;
            createdAt: string;
            expiresAt: string | null;
            environments: {
                [key: string]: components["schemas"]["EnvironmentState"];
            };
            version: number;
            updatedAt: string;
            /** @enum {string} */
            state: "active" | "expired" | "archived";
            /** @description On reads (GET): the lifecycle stage in each environment, derived from facts */
            lifecycle?: {
                [key: string]: components["schemas"]["LifecycleStage"];
            };
        };
        FlagVersion: {
            version: number;
            actor: string;
            createdAt: string;
            flag: components["schemas"]["FlagDocument"];
        };
        Segment: {
            key: string;
            name: string;
            description: string;
            included: string[];
            excluded: string[];
            conditions: components["schemas"]["Condition"][];
            version: number;
            createdAt: string;
            updatedAt: string;
        };
        Environment: {
            key: string;
            name: string;
            revision: number;
            createdAt: string;
        };
        Credential: {
            id: string;
            /** @enum {string} */
            kind: "admin" | "server" | "client";
            name: string;
            environment: string | null;
            hint: string;
            createdAt: string;
            revokedAt: string | null;
        };
        AuditRecord: {
            id: number;
            at: string;
            actor: string;
            action: string;
            resourceType: string;
            resourceKey: string;
            environment: string | null;
            before: components["schemas"]["JsonValue"];
            after: components["schemas"]["JsonValue"];
            reason: string | null;
        };
        Snapshot: {
            /** @description 1, the snapshot format (SNAPSHOT_SCHEMA_VERSION) */
            schemaVersion: number;
            environment: string;
            revision: number;
            flags: {
                key: string;
                /** @enum {string} */
                type: "release" | "experiment" | "ops" | "permission";
                salt: string;
                variants: {
                    key: string;
                    value: components["schemas"]["JsonValue"];
                }[];
                enabled: boolean;
                offVariant: string;
                rules: {
                    id: string;
                    conditions: (components["schemas"]["Condition"] | {
                        /** @enum {string} */
                        op: "in_hashed" | "not_in_hashed";
                        attribute: string;
                        salt: string;
                        hashes: string[];
                        values?: (string | number | boolean)[];
                        negate?: boolean;
                    })[];
                    serve: components["schemas"]["Serve"];
                }[];
                fallthrough: components["schemas"]["Serve"];
                version?: number;
            }[];
            segments: {
                key: string;
                included?: string[];
                excluded?: string[];
                includedHashes?: string[];
                excludedHashes?: string[];
                conditions?: (components["schemas"]["Condition"] | {
                    /** @enum {string} */
                    op: "in_hashed" | "not_in_hashed";
                    attribute: string;
                    salt: string;
                    hashes: string[];
                    values?: (string | number | boolean)[];
                    negate?: boolean;
                })[];
                salt?: string;
            }[];
        };
        Evaluation: {
            value: components["schemas"]["JsonValue"];
            variant?: string;
            /** @enum {string} */
            reason: "DISABLED" | "RULE_MATCH" | "ROLLOUT" | "DEFAULT" | "ERROR";
            ruleId?: string;
            ruleIndex?: number;
            bucket?: number;
            splitBucket?: number;
            /** @enum {string} */
            errorCode?: "FLAG_NOT_FOUND" | "TYPE_MISMATCH" | "MALFORMED_FLAG" | "INVALID_CONTEXT" | "PREREQUISITE_CYCLE" | "PREREQUISITE_TOO_DEEP" | "GENERAL";
            errorMessage?: string;
        };
        Explanation: {
            flag: string;
            environment: string;
            flagVersion: number;
            archived: boolean;
            evaluation: components["schemas"]["Evaluation"];
            matchedRule: components["schemas"]["Rule"] | null;
        };
        CleanupReason: {
            /** @enum {string} */
            code: "expired" | "expiring_soon" | "settled" | "not_evaluated" | "archived_but_evaluated";
            environment: string | null;
            since: string;
            ageDays: number;
            message: string;
        };
        CleanupReport: {
            generatedAt: string;
            staleAfterDays: number;
            owners: {
                owner: string | null;
                flags: {
                    key: string;
                    /** @enum {string} */
                    type: "release" | "experiment" | "ops" | "permission";
                    owner: string | null;
                    expiresAt: string | null;
                    archived: boolean;
                    reasons: components["schemas"]["CleanupReason"][];
                }[];
            }[];
        };
        CleanupRun: {
            ranAt: string;
            /** @description flags with at least one reason */
            flagged: number;
            /** @description owners notified (one cleanup.report event each) */
            owners: number;
            /** @description events queued: one per owner, plus flag.expired per newly expired flag */
            notified: number;
        };
        LifecycleSummary: {
            environments: {
                [key: string]: {
                    created: number;
                    code_deployed: number;
                    test: number;
                    canary: number;
                    full: number;
                    cleanup_due: number;
                    archived: number;
                };
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
