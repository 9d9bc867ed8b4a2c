import { ESLint } from "eslint";
import { fileURLToPath } from "node:url";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
import config from "../../../eslint.config.js";
import { layering } from "../../../eslint.layering.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));

/** Lints source text as if it lived at `path`, with only the architecture rules. */
async function violations(path: string, source: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [{ files: ["**/*.ts"], languageOptions: { parser: tseslint.parser } }, ...layering],
  });
  const [result] = await eslint.lintText(source, { filePath: `${root}${path}` });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe("[CONVENTIONS 4] layering lint rules", () => {
  it("are part of the project's ESLint config", () => {
    for (const rule of layering) expect(config).toContain(rule);
  });

  it.each(["jms/connection.ts", "message/message.ts", "errors/exceptions.ts"])(
    "flag rhea imported by the facade file %s",
    async (file) => {
      const found = await violations(
        `packages/client/src/${file}`,
        'import rhea from "rhea";\nexport { rhea };\n',
      );
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/no-restricted-imports: .*Only provider\/amqp/);
    },
  );

  it("flags the facade importing the rhea patches or the AMQP codec", async () => {
    const patches = 'import { rawBytesOf } from "@jms-ts/rhea-patches";\nexport { rawBytesOf };\n';
    const codec = 'import { amqp } from "@jms-ts/codec";\nexport { amqp };\n';
    expect(await violations("packages/client/src/message/m.ts", patches)).toHaveLength(1);
    expect(await violations("packages/client/src/jms/j.ts", codec)).toHaveLength(1);
  });

  it("flags the facade reaching into the AMQP provider", async () => {
    const source =
      'import { AmqpProvider } from "../provider/amqp/amqp-provider";\nexport { AmqpProvider };\n';
    const found = await violations("packages/client/src/jms/session.ts", source);
    expect(found).toEqual([expect.stringMatching(/never to the AMQP provider/)]);
  });

  it("lets provider/amqp import rhea", async () => {
    const found = await violations(
      "packages/client/src/provider/amqp/x.ts",
      'import rhea from "rhea";\nexport { rhea };\n',
    );
    expect(found).toEqual([]);
  });

  it("keeps the broker's domain code free of rhea and sockets", async () => {
    expect(
      await violations("packages/broker/src/queues/q.ts", 'import rhea from "rhea";\nexport { rhea };\n'),
    ).toHaveLength(1);
    expect(
      await violations("packages/broker/src/routing/r.ts", 'import net from "node:net";\nexport { net };\n'),
    ).toHaveLength(1);
    expect(
      await violations("packages/broker/src/transport/t.ts", 'import rhea from "rhea";\nexport { rhea };\n'),
    ).toEqual([]);
  });

  it("keeps client and broker apart", async () => {
    const intoBroker = 'import { createBroker } from "@jms-ts/broker";\nexport { createBroker };\n';
    const intoClient = 'import { Session } from "@jms-ts/client";\nexport { Session };\n';
    expect(await violations("packages/client/src/provider/amqp/x.ts", intoBroker)).toHaveLength(1);
    expect(await violations("packages/broker/src/handlers/h.ts", intoClient)).toHaveLength(1);
  });
});
