import { Annotations, CfnOutput } from 'aws-cdk-lib';
import { ConfigurationSet, EmailIdentity, Identity, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

/**
 * Sender used when neither `emailDomain` nor `emailFrom` is given. CHANGE IT: SES cannot verify
 * example.com, so mail from this stage stays unsent until a real address or domain is configured.
 */
export const DEFAULT_EMAIL_FROM = 'no-reply@example.com';

/** Options for {@link Email}. */
export interface EmailProps {
  /** Context `emailDomain`: verify the whole domain (DKIM records to publish are output). */
  readonly domain?: string;
  /**
   * Context `emailFrom`: the From address. Without a domain it is verified as a single address
   * (SES mails a confirmation link to it). Defaults to `no-reply@<domain>` or {@link DEFAULT_EMAIL_FROM}.
   */
  readonly from?: string;
}

/**
 * SES: the sending identity (a domain, or a single address) and a configuration set that is the
 * identity's default, so every message gets reputation metrics and bounce/complaint suppression
 * without the runtime naming the set. New accounts start in the SES sandbox (verified recipients
 * only, 200 mails a day): request production access per region before going live.
 */
export class Email extends Construct {
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;
  /** EMAIL_FROM for the functions. */
  readonly from: string;

  constructor(scope: Construct, id: string, props: EmailProps) {
    super(scope, id);

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      // Never mail an address again after it bounced or complained (protects the sender reputation).
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });

    if (props.domain) {
      this.from = props.from ?? `no-reply@${props.domain}`;
      if (!this.from.endsWith(`@${props.domain}`)) {
        throw new Error(`emailFrom (${this.from}) must be an address of emailDomain (${props.domain})`);
      }
      this.identity = new EmailIdentity(this, 'Identity', {
        identity: Identity.domain(props.domain),
        configurationSet: this.configurationSet,
      });
      // No hosted zone is managed here: publish these three CNAMEs where the domain's DNS lives.
      this.identity.dkimRecords.forEach((record, index) => {
        new CfnOutput(this, `DkimRecord${index + 1}`, {
          description: `DKIM CNAME ${index + 1} to publish for ${props.domain}`,
          value: `${record.name} CNAME ${record.value}`,
        });
      });
    } else {
      this.from = props.from ?? DEFAULT_EMAIL_FROM;
      if (this.from === DEFAULT_EMAIL_FROM) {
        Annotations.of(this).addWarningV2(
          'rota:email-from-default',
          `Sending as ${DEFAULT_EMAIL_FROM}, which SES cannot verify: pass -c emailDomain=… or -c emailFrom=…`,
        );
      }
      this.identity = new EmailIdentity(this, 'Identity', {
        identity: Identity.email(this.from),
        configurationSet: this.configurationSet,
      });
    }
  }
}
