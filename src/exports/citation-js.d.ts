// citation-js ships no type declarations; these cover the calls bibliography.ts makes.
declare module '@citation-js/core' {
  interface Register<T> {
    has(key: string): boolean;
    get(key: string): T | undefined;
    add(key: string, value: T): void;
  }
  export const plugins: {
    output: { format(name: string, data: unknown, options?: Record<string, unknown>): unknown };
    config: { get(plugin: string): { locales: Register<string>; styles: Register<string> } | undefined };
  };
}

declare module '@citation-js/plugin-csl' {}
