import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SecretsManagerStandIn {
  /** `http://127.0.0.1:<port>`, for AWS_ENDPOINT_URL_SECRETS_MANAGER. */
  url: string;
  /** Creates or replaces a secret's value, as `put-secret-value` would; returns its ARN. */
  put(name: string, value: string): string;
  /** How many GetSecretValue calls each secret has answered. */
  reads(arn: string): number;
  stop(): Promise<void>;
}

/**
 * A Secrets Manager endpoint for one test file, answering GetSecretValue and PutSecretValue (the
 * JSON 1.1 protocol the SDK speaks) from memory. fauxqs serves SQS, SNS and S3 only. The SDK
 * finds it through AWS_ENDPOINT_URL_SECRETS_MANAGER, so the code under test creates its client
 * exactly as in AWS.
 */
export async function startSecretsManager(): Promise<SecretsManagerStandIn> {
  const secrets = new Map<string, { name: string; value: string; versionId: string; reads: number }>();
  const arnOf = (name: string) => `arn:aws:secretsmanager:us-east-1:000000000000:secret:${name}`;
  const find = (id: string) => secrets.get(id) ?? secrets.get(arnOf(id));

  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, string>;
    const action = String(request.headers['x-amz-target'] ?? '').replace('secretsmanager.', '');
    const reply = (status: number, payload: unknown) => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(payload));
    };
    const secret = find(body.SecretId ?? '');
    if (!secret) {
      reply(400, {
        __type: 'ResourceNotFoundException',
        message: 'Secrets Manager can’t find the specified secret.',
      });
      return;
    }
    const arn = arnOf(secret.name);
    if (action === 'GetSecretValue') {
      secret.reads += 1;
      reply(200, {
        ARN: arn,
        Name: secret.name,
        SecretString: secret.value,
        VersionId: secret.versionId,
        VersionStages: ['AWSCURRENT'],
        CreatedDate: Date.now() / 1000,
      });
    } else if (action === 'PutSecretValue') {
      secret.value = body.SecretString ?? '';
      secret.versionId = randomUUID();
      reply(200, { ARN: arn, Name: secret.name, VersionId: secret.versionId, VersionStages: ['AWSCURRENT'] });
    } else {
      reply(400, { __type: 'InvalidRequestException', message: `${action} is not served here` });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    put(name, value) {
      const arn = arnOf(name);
      const existing = secrets.get(arn);
      secrets.set(arn, { name, value, versionId: randomUUID(), reads: existing?.reads ?? 0 });
      return arn;
    },
    reads: (arn) => secrets.get(arn)?.reads ?? 0,
    stop: () =>
      new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
