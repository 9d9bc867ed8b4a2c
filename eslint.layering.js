// Architecture rules, kept apart from the style rules so a test can prove they fire (see
// packages/client/test/layering.test.ts). CONVENTIONS.md rules 2, 4 and 6.

const rheaOnlyInProvider = {
  paths: [
    { name: "rhea", message: "Only provider/amqp/** may import rhea (the JMS facade stays AMQP-free)." },
    { name: "@jms-ts/rhea-patches", message: "Only provider/amqp/** may touch rhea, patched or not." },
    { name: "@jms-ts/codec", message: "The facade never sees AMQP encodings; provider/amqp owns the codec." },
  ],
  patterns: [
    {
      group: ["**/provider/amqp", "**/provider/amqp/**"],
      message: "The JMS facade talks to the Provider interface, never to the AMQP provider.",
    },
    { group: ["@jms-ts/broker", "@jms-ts/broker/*"], message: "client and broker never import each other." },
  ],
};

const pureBrokerDomain = {
  paths: [
    { name: "rhea", message: "routing/, queues/ and store/ are pure domain code: no rhea." },
    { name: "@jms-ts/rhea-patches", message: "routing/, queues/ and store/ are pure domain code: no rhea." },
  ],
  patterns: [
    { group: ["node:net", "node:tls", "net", "tls"], message: "Pure domain code opens no sockets." },
    {
      group: ["**/transport/**", "**/handlers/**"],
      message: "Domain code must not depend on the transport.",
    },
  ],
};

/** @type {import("eslint").Linter.Config[]} */
export const layering = [
  {
    files: [
      "packages/client/src/jms/**/*.ts",
      "packages/client/src/message/**/*.ts",
      "packages/client/src/errors/**/*.ts",
    ],
    rules: { "no-restricted-imports": ["error", rheaOnlyInProvider] },
  },
  {
    files: [
      "packages/broker/src/routing/**/*.ts",
      "packages/broker/src/queues/**/*.ts",
      "packages/broker/src/store/**/*.ts",
    ],
    rules: { "no-restricted-imports": ["error", pureBrokerDomain] },
  },
  {
    files: ["packages/client/src/**/*.ts"],
    ignores: [
      "packages/client/src/jms/**",
      "packages/client/src/message/**",
      "packages/client/src/errors/**",
    ],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@jms-ts/broker", "@jms-ts/broker/*"],
              message: "client and broker never import each other.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["packages/broker/src/**/*.ts"],
    ignores: [
      "packages/broker/src/routing/**",
      "packages/broker/src/queues/**",
      "packages/broker/src/store/**",
    ],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@jms-ts/client", "@jms-ts/client/*"],
              message: "client and broker never import each other.",
            },
          ],
        },
      ],
    },
  },
];
