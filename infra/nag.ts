import { type Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag (AwsSolutions) acknowledgements. Each one sits at the construct it is about, with a
 * one-line reason; test/infra/nag.test.ts fails on any finding that is not acknowledged. An
 * acknowledgement covers the construct and everything below it, for that exact finding id only.
 */
export function acknowledge(scope: IConstruct, rules: Record<string, string>): void {
  for (const [id, reason] of Object.entries(rules)) Validations.of(scope).acknowledge({ id, reason });
}

/** The AWS managed policies CDK attaches to Lambda execution roles, as cdk-nag names them. */
export const LAMBDA_BASIC_EXECUTION =
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';
export const LAMBDA_VPC_ACCESS =
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]';

/**
 * A function that CDK adds once per stack at the stack's top level (log retention, BucketDeployment),
 * found by the prefix of its construct id; its code, runtime and policies are CDK's.
 */
export function cdkSingleton(stack: Stack, idPrefix: string): IConstruct | undefined {
  return stack.node.children.find((child) => child.node.id.startsWith(idPrefix));
}
