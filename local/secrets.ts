/**
 * A stand-in for Secrets Manager that is as strict as IAM about who reads what. There is no Secrets
 * Manager emulator; this speaks its one call the functions make (GetSecretValue, AWS JSON 1.1), so the
 * real SDK client reaches it with only AWS_ENDPOINT_URL_SECRETS_MANAGER changed, and it hands a secret
 * to a caller only when that caller's function's IAM policy in the synthesized template allows
 * secretsmanager:GetSecretValue on it.
 *
 * The caller is known by the access key id in the SigV4 Authorization header
 * (`Credential=<key id>/<date>/<region>/secretsmanager/aws4_request`): whoever starts a function here
 * gives it an access key id of its own. The signature is NOT verified — this guards against a missing
 * grant, not against an attacker on loopback.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StoredSecret {
  arn: string;
  name: string;
  value: string;
}

export interface SecretsStandInOptions {
  secrets: StoredSecret[];
  /** Resource patterns (ARNs, `*` wildcards) each access key id may call GetSecretValue on. */
  grants: Map<string, string[]>;
  /** 0 picks a free port. */
  port?: number;
}

export interface SecretsStandIn {
  endpoint: string;
  /** Every call: who asked, for what, and whether it was handed out. */
  calls: { accessKeyId: string | undefined; secretId: string; granted: boolean }[];
  stop(): Promise<void>;
}

const JSON_11 = 'application/x-amz-json-1.1';

/** The access key id of a SigV4 Authorization header; the signature is not checked. */
export const accessKeyIdOf = (authorization: string | undefined): string | undefined =>
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\//.exec(authorization ?? '')?.[1];

/** IAM's resource match: `*` any run of characters, `?` one. */
export const resourceMatches = (pattern: string, arn: string): boolean =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(arn);

export const startSecretsStandIn = async (options: SecretsStandInOptions): Promise<SecretsStandIn> => {
  const calls: SecretsStandIn['calls'] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const reply = (status: number, body: unknown) => response.writeHead(status, { 'content-type': JSON_11 }).end(JSON.stringify(body));
      const target = String(request.headers['x-amz-target'] ?? '');
      if (target !== 'secretsmanager.GetSecretValue') return reply(400, { __type: 'UnknownOperationException', message: `the stand-in serves GetSecretValue only, not ${target}` });
      const accessKeyId = accessKeyIdOf(request.headers.authorization);
      const allowed = accessKeyId === undefined ? undefined : options.grants.get(accessKeyId);
      if (!allowed) return reply(400, { __type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });
      let secretId: string;
      try {
        secretId = String((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { SecretId?: unknown }).SecretId ?? '');
      } catch {
        return reply(400, { __type: 'SerializationException', message: 'the request is not JSON' });
      }
      const secret = options.secrets.find((candidate) => candidate.arn === secretId || candidate.name === secretId);
      // IAM decides on the ARN, before anything says whether the secret exists.
      const arn = secret?.arn ?? secretId;
      const granted = allowed.some((pattern) => resourceMatches(pattern, arn));
      calls.push({ accessKeyId, secretId, granted: granted && !!secret });
      if (!granted) {
        return reply(400, {
          __type: 'AccessDeniedException',
          Message: `User: ${accessKeyId} is not authorized to perform: secretsmanager:GetSecretValue on resource: ${secretId} because no identity-based policy allows the secretsmanager:GetSecretValue action`,
        });
      }
      if (!secret) return reply(400, { __type: 'ResourceNotFoundException', Message: "Secrets Manager can't find the specified secret." });
      reply(200, { ARN: secret.arn, Name: secret.name, SecretString: secret.value, VersionId: 'local', VersionStages: ['AWSCURRENT'], CreatedDate: 0 });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

type Template = { Resources: Record<string, { Type: string; Properties?: Record<string, any> }> };

/**
 * The resources a function's role may call GetSecretValue on, read from the synthesized template: every
 * Allow statement of every policy attached to the function's role whose actions cover it. `resolve`
 * turns CloudFormation values (a secret's Ref, Fn::Join of the partition…) into local ARNs.
 */
export const secretGrantsOf = (template: Template, functionLogicalId: string, resolve: (value: unknown) => string): string[] => {
  const role = template.Resources[functionLogicalId]?.Properties?.Role as { 'Fn::GetAtt'?: [string, string] } | undefined;
  const roleId = role?.['Fn::GetAtt']?.[0];
  if (!roleId) throw new Error(`${functionLogicalId} has no role of its own in the template`);
  // Actions are patterns too (`secretsmanager:Get*`), and case-insensitive.
  const covers = (action: string) => resourceMatches(action.toLowerCase(), 'secretsmanager:getsecretvalue');
  return Object.values(template.Resources)
    .filter((resource) => resource.Type === 'AWS::IAM::Policy' && (resource.Properties?.Roles as unknown[] | undefined)?.some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })))
    .flatMap((policy) => policy.Properties!.PolicyDocument.Statement as { Effect: string; Action: string | string[]; Resource: unknown }[])
    .filter((statement) => statement.Effect === 'Allow' && [statement.Action].flat().some(covers))
    .flatMap((statement) => [statement.Resource].flat().map(resolve));
};
