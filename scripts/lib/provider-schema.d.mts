export type Provider = 'sqlite' | 'postgresql';
export declare const root: string;
export declare const providers: readonly ['sqlite', 'postgresql'];
export declare function baseSchemaPath(): string;
export declare function providerSchemaPath(provider: Provider): string;
/** The provider's schema.prisma text, rendered from the base schema (read from disk unless given). */
export declare function renderProviderSchema(provider: Provider, base?: string): string;
