import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  type ResponseSecurityHeadersBehavior,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  type IBucket,
} from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ORIGIN_VERIFY_HEADER } from '../shared/http/rate-limit';
import { repoRoot } from './lambda-function';
import { acknowledge, cdkSingleton, LAMBDA_BASIC_EXECUTION } from './nag';

/** Options for {@link Web}. */
export interface WebProps {
  /** The API behind `/api/*`, on the same origin as the app (no CORS, first-party cookies). */
  readonly httpApi: IHttpApi;
  /**
   * Sent to the API as X-Origin-Verify with every `/api/*` request, so it can tell requests that
   * came through this distribution (whose CloudFront-Viewer-Address it trusts) from direct calls to
   * the execute-api endpoint, which stays reachable because it is this distribution's origin.
   */
  readonly originVerifySecret: ISecret;
  /** What happens to the bucket when the stack is deleted; DESTROY also empties it first. */
  readonly removalPolicy: RemovalPolicy;
  /**
   * Receives the web bucket's S3 access logs (`web/`) and CloudFront's standard logs (`cloudfront/`);
   * it needs ACLs enabled for CloudFront. Without it (unit tests), neither is logged.
   */
  readonly accessLogsBucket?: IBucket;
  /** The built SPA (`npm run build:web`); defaults to `web/dist`. Deployed only if it exists at synth time. */
  readonly distDir?: string;
  /** Context `domainName`: a custom domain for the distribution (needs `certificateArn`). */
  readonly domainName?: string;
  /** Context `certificateArn`: an ACM certificate for `domainName`, in us-east-1 (CloudFront's region). */
  readonly certificateArn?: string;
}

/**
 * Viewer-request function for the SPA: a path whose last segment has no extension (`/shifts/42`) is
 * a client-side route, so it gets index.html; files (`/assets/app-1a2b.js`) pass through. Error
 * responses (403/404 → index.html) would do the same but apply to every behaviour, turning API 404s
 * into 200 HTML pages; this runs on the default (S3) behaviour only.
 */
export const SPA_FALLBACK = `function handler(event) {
  var request = event.request;
  var lastSegment = request.uri.substring(request.uri.lastIndexOf('/') + 1);
  if (lastSegment.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}`;

/**
 * A CSP for the React SPA and its same-origin API: scripts, fonts, images and XHR only from the app's
 * origin. Inline styles are allowed because React's `style` props and many component libraries set
 * them; inline scripts are not.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  'upgrade-insecure-requests',
].join('; ');

const SECURITY_HEADERS: ResponseSecurityHeadersBehavior = {
  strictTransportSecurity: {
    accessControlMaxAge: Duration.days(365),
    includeSubdomains: true,
    override: true,
  },
  contentTypeOptions: { override: true },
  frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
  referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
};

/**
 * The web app: a private bucket holding `web/dist`, and one CloudFront distribution that serves it
 * and forwards `/api/*` to the HTTP API, so app and API share one origin (APP_URL).
 */
export class Web extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** `https://<custom domain or CloudFront domain>`, without a trailing slash. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);
    const stack = Stack.of(this);

    if (props.domainName && !props.certificateArn) {
      throw new Error('Context "domainName" needs "certificateArn" (an ACM certificate in us-east-1)');
    }

    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // S3-managed keys: CloudFront's OAC reads them without a KMS key policy.
      encryption: BucketEncryption.S3_MANAGED,
      removalPolicy: props.removalPolicy,
      // Everything in it is rebuilt from source, so a destroyed stage may empty it.
      autoDeleteObjects: props.removalPolicy === RemovalPolicy.DESTROY,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: props.accessLogsBucket ? 'web/' : undefined,
    });

    const spaFallback = new CloudFrontFunction(this, 'SpaFallback', {
      comment: 'Serves index.html for client-side routes',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(SPA_FALLBACK),
    });

    const appHeaders = new ResponseHeadersPolicy(this, 'AppHeaders', {
      comment: 'Rota web app: security headers and CSP',
      securityHeadersBehavior: {
        ...SECURITY_HEADERS,
        contentSecurityPolicy: { contentSecurityPolicy: CONTENT_SECURITY_POLICY, override: true },
      },
    });
    // No CSP here: the API's HTML (/api/docs) sets its own, and JSON needs none.
    const apiHeaders = new ResponseHeadersPolicy(this, 'ApiHeaders', {
      comment: 'Rota API: security headers',
      securityHeadersBehavior: SECURITY_HEADERS,
    });

    // The execute-api host; CloudFront sends it as Host (the viewer's Host would not match the API).
    const apiDomain = `${props.httpApi.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`;

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Rota ${stack.stackName}`,
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      ...(props.accessLogsBucket
        ? { enableLogging: true, logBucket: props.accessLogsBucket, logFilePrefix: 'cloudfront/' }
        : {}),
      ...(props.domainName && props.certificateArn
        ? {
            domainNames: [props.domainName],
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
            certificate: Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
          }
        : {}),
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: appHeaders,
        functionAssociations: [{ function: spaFallback, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new HttpOrigin(apiDomain, {
            protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
            // A CloudFormation dynamic reference ({{resolve:secretsmanager:…}}), resolved at deploy
            // time: the value is not in the template. CloudFront replaces a viewer's header of the
            // same name, so callers cannot forge it through the distribution.
            customHeaders: { [ORIGIN_VERIFY_HEADER]: props.originVerifySecret.secretValue.unsafeUnwrap() },
          }),
          // A redirect would turn POSTs into GETs; API clients must use HTTPS.
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          // Cookies, query strings, Authorization and Origin reach the API; Host does not.
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: apiHeaders,
        },
      },
    });

    acknowledge(this.distribution, {
      'AwsSolutions-CFR1': 'No geo restriction: tenants and their staff may sign in from any country',
      'AwsSolutions-CFR2':
        'No WAF yet (~$5/month + $1/rule): the API rate-limits sign-in and sign-up itself (shared/http/rate-limit.ts)',
      // With a custom domain, TLSv1.2_2021 is set above and the rule passes.
      ...(props.domainName
        ? {}
        : {
            'AwsSolutions-CFR4':
              'The default *.cloudfront.net certificate cannot set a minimum TLS version: pass domainName + certificateArn',
          }),
    });

    this.url = `https://${props.domainName ?? this.distribution.distributionDomainName}`;
    this.deployDist(props.distDir ?? join(repoRoot, 'web/dist'));
  }

  /**
   * Uploads the built SPA: hashed files under `assets/` cached for a year, everything else
   * (index.html, favicon, …) revalidated on every load. Old hashed files are kept (no prune), so a
   * page loaded before a deploy can still fetch its chunks.
   */
  private deployDist(distDir: string): void {
    if (!existsSync(join(distDir, 'index.html'))) {
      Annotations.of(this).addWarningV2(
        'rota:web-dist-missing',
        `${distDir} has no index.html: the web app is not deployed. Run \`npm run build:web\` before \`cdk deploy\`.`,
      );
      return;
    }
    const assetsDir = join(distDir, 'assets');
    const assets = existsSync(assetsDir)
      ? new BucketDeployment(this, 'DeployAssets', {
          sources: [Source.asset(assetsDir)],
          destinationBucket: this.bucket,
          destinationKeyPrefix: 'assets/',
          cacheControl: [CacheControl.fromString('public, max-age=31536000, immutable')],
          prune: false,
        })
      : undefined;
    const pages = new BucketDeployment(this, 'DeployPages', {
      sources: [Source.asset(distDir, { exclude: ['assets'] })],
      destinationBucket: this.bucket,
      cacheControl: [CacheControl.noCache()],
      prune: false,
      distribution: this.distribution,
      distributionPaths: ['/*'],
    });
    // index.html must not reference chunks that are not uploaded yet.
    if (assets) pages.node.addDependency(assets);

    const uploader = cdkSingleton(Stack.of(this), 'Custom::CDKBucketDeployment');
    if (!uploader) return;
    const webBucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnBucket);
    const reason = 'CDK-managed BucketDeployment function (deploy time only): CDK writes its policy';
    acknowledge(uploader, {
      [LAMBDA_BASIC_EXECUTION]: `${reason}; its own logs via the AWS managed policy`,
      'AwsSolutions-L1': `${reason} and pins its runtime to the bundled AWS CLI layer`,
      'AwsSolutions-IAM5[Resource::*]': `${reason}; CloudFront invalidation has no resource-level permissions`,
      'AwsSolutions-IAM5[Action::s3:GetBucket*]': `${reason}; reads the CDK asset bucket`,
      'AwsSolutions-IAM5[Action::s3:GetObject*]': `${reason}; reads the CDK asset bucket`,
      'AwsSolutions-IAM5[Action::s3:List*]': `${reason}; sync lists source and destination`,
      'AwsSolutions-IAM5[Action::s3:DeleteObject*]': `${reason}; sync may replace files of the web bucket`,
      'AwsSolutions-IAM5[Action::s3:Abort*]': `${reason}; multipart uploads of large files`,
      [`AwsSolutions-IAM5[Resource::<${webBucketId}.Arn>/*]`]: `${reason}; writes any file of the SPA`,
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]': `${reason}; reads the zipped SPA from the CDK bootstrap bucket`,
    });
  }
}
