import { type RemovalPolicy, SecretValue } from 'aws-cdk-lib';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { RotaFunction } from './lambda-function';
import { acknowledge } from './nag';

/** What {@link RotaFunction.bindStripe} needs. */
export interface StripeSettings {
  /** JSON secret: `{"STRIPE_SECRET_KEY": "sk_…", "STRIPE_WEBHOOK_SECRET": "whsec_…"}`. */
  readonly secret: ISecret;
  /** Price ids of the paid plans (context `stripePricePro` / `stripePriceBusiness`). */
  readonly pricePro?: string;
  readonly priceBusiness?: string;
}

/** Options for {@link AppSecrets}. */
export interface AppSecretsProps {
  readonly stage: string;
  readonly removalPolicy: RemovalPolicy;
  readonly stripePricePro?: string;
  readonly stripePriceBusiness?: string;
}

/** Written into the Stripe secret on creation; config.ts rejects it, so a stage fails loudly until ops set the real values. */
const PLACEHOLDER = 'SET-ME-see-infra-secrets-ts';

/**
 * The application's own secrets (the database's is RDS's, see infra/database.ts). Functions get
 * their ARNs only (AUTH_SECRET_ARN, STRIPE_SECRET_ARN) and read permission; the values never enter
 * the template or the function configuration. `shared/config.ts` resolves them at cold start.
 */
export class AppSecrets extends Construct {
  /** AUTH_SECRET: a generated 48-character string (the secret's whole value, not JSON). */
  readonly authSecret: Secret;
  /**
   * ORIGIN_VERIFY_SECRET: a generated 48-character string that CloudFront sends to the API
   * (infra/web.ts) to prove a request came through it; see {@link AppSecrets.bindOriginVerifySecret}.
   */
  readonly originVerifySecret: Secret;
  readonly stripe: StripeSettings;

  constructor(scope: Construct, id: string, props: AppSecretsProps) {
    super(scope, id);

    this.authSecret = new Secret(this, 'AuthSecret', {
      description: 'Rota AUTH_SECRET: signs session cookies and tokens',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: props.removalPolicy,
    });

    // CloudFront gets the value through a CloudFormation dynamic reference, resolved at deploy time;
    // the functions read it from the secret at run time. Both only by reference: the value is in
    // neither the template nor a function's configuration. CloudFormation resolves the reference
    // again only when the distribution itself changes, so rotating means replacing this secret
    // (a new construct id) and deploying.
    this.originVerifySecret = new Secret(this, 'OriginVerifySecret', {
      description: 'Rota ORIGIN_VERIFY_SECRET: CloudFront sends it to the API as X-Origin-Verify',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: props.removalPolicy,
    });

    // Named, unlike the generated ones, because ops address it by hand.
    // Created with placeholders, because Stripe issues the values: ops set them once per stage with
    //   aws secretsmanager put-secret-value --secret-id rota/<stage>/stripe \
    //     --secret-string '{"STRIPE_SECRET_KEY":"sk_…","STRIPE_WEBHOOK_SECRET":"whsec_…"}'
    // (STRIPE_WEBHOOK_SECRET_PREVIOUS may be added while rotating the webhook secret). Deploys do not
    // overwrite them: CloudFormation updates the secret only if this template value changes, so
    // leave PLACEHOLDER alone.
    const stripeSecret = new Secret(this, 'StripeSecret', {
      secretName: `rota/${props.stage}/stripe`,
      description: 'Rota Stripe keys: STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET (set by ops)',
      secretObjectValue: {
        STRIPE_SECRET_KEY: SecretValue.unsafePlainText(PLACEHOLDER),
        STRIPE_WEBHOOK_SECRET: SecretValue.unsafePlainText(PLACEHOLDER),
      },
      removalPolicy: props.removalPolicy,
    });

    acknowledge(this.authSecret, {
      'AwsSolutions-SMG4':
        'Not rotated automatically: a new AUTH_SECRET signs out every user; rotate by hand when needed',
    });
    acknowledge(this.originVerifySecret, {
      'AwsSolutions-SMG4':
        'Not rotated automatically: CloudFront holds the value resolved at deploy time, so rotating takes a new secret and a deploy; until warm functions restart, limits count per CloudFront edge (stricter, never bypassable)',
    });
    acknowledge(stripeSecret, {
      'AwsSolutions-SMG4':
        'Stripe issues these keys: ops roll them in the Stripe dashboard and put the new values',
    });

    this.stripe = {
      secret: stripeSecret,
      pricePro: props.stripePricePro,
      priceBusiness: props.stripePriceBusiness,
    };
  }

  /**
   * Lets `fn` read ORIGIN_VERIFY_SECRET, for functions whose routes rate-limit by the caller's
   * address (shared/http/rate-limit.ts); the others never need it. It is fetched on the first
   * rate-limited request, so the rest never wait for it.
   */
  bindOriginVerifySecret(fn: RotaFunction): void {
    this.originVerifySecret.grantRead(fn.fn);
    fn.setEnvironment('ORIGIN_VERIFY_SECRET_ARN', this.originVerifySecret.secretArn);
  }
}
