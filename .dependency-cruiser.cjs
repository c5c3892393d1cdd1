/**
 * Import boundaries of STYLE.md §(c), checked by test/architecture/boundaries.test.ts.
 * Dependency direction: functions → use-cases → domain ← adapters/connectors/bank.
 */
const rule = (name, comment, from, to) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from },
  to: { path: to },
});

module.exports = {
  forbidden: [
    rule(
      'domain-is-pure',
      'shared/domain imports only itself and tiny pure libraries',
      '^shared/domain/',
      '^(shared/(?!domain/)|events/|functions/|infra/|local/|node_modules/(@aws-sdk|hono|axios|@aws-lambda-powertools|zod))',
    ),
    rule(
      'ports-see-domain-only',
      'ports are interfaces over domain types',
      '^shared/ports/',
      '^(shared/(?!domain/|ports/)|events/|functions/|infra/|local/|node_modules/(@aws-sdk|hono|axios))',
    ),
    rule(
      'use-cases-see-domain-and-ports',
      'use cases orchestrate ports; never adapters, SDKs or the web',
      '^shared/use-cases/',
      '^(shared/(adapters|connectors|bank|web|platform)/|events/|functions/|infra/|local/|node_modules/(@aws-sdk|hono|axios))',
    ),
    rule(
      'adapters-not-upwards',
      'adapters, connectors and bank parsers never import use cases, handlers or the web app',
      '^shared/(adapters|connectors|bank)/',
      '^(shared/(use-cases|web)/|functions/|infra/|local/)',
    ),
    rule(
      'platform-no-rules',
      'platform is cross-cutting runtime only',
      '^shared/platform/',
      '^(shared/(domain|use-cases|adapters|connectors|bank|web)/|functions/|infra/|local/)',
    ),
    rule(
      'web-through-ports',
      'the web app uses use cases and domain types, never SDK clients or adapters',
      '^shared/web/',
      '^(shared/(adapters|connectors|bank)/|functions/|infra/|local/|node_modules/@aws-sdk)',
    ),
    rule('events-zod-only', 'event contracts depend on zod only', '^events/', '^(shared/|functions/|infra/|local/)'),
    rule(
      'functions-not-infra',
      'handlers never import infra, the local host or each other',
      '^functions/',
      '^(infra/|local/)',
    ),
    rule(
      'infra-no-runtime',
      'infra imports no runtime code (the table definition is the one exception)',
      '^infra/',
      '^(shared/(?!adapters/dynamodb/table-definition\\.ts$)|functions/|local/)',
    ),
    rule(
      'nothing-imports-tests',
      'production code never imports test or bench code',
      '^(shared|functions|infra|events|local)/',
      '^(test|bench)/',
    ),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js'], conditionNames: ['import', 'node', 'default'] },
  },
};
