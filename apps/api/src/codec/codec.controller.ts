import { BadRequestException, Body, Controller, ForbiddenException, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Payload } from '@temporalio/common';
import { AesGcmPayloadCodec } from '../../../../libs/codec/aes-gcm-payload-codec';
import type { Config } from '../../../../libs/config/config';
import { CONFIG } from '../../../../libs/config/config.module';
import { RequirePermission } from '../auth/permissions';

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

/**
 * The remote codec Temporal Web UI calls to show encrypted payloads in clear text
 * (https://docs.temporal.io/production-deployment/data-encryption). Payloads travel as
 * base64 JSON. Decrypted payloads are case data: only an admin's session (Temporal UI sends the
 * session cookie with "include cross-origin credentials") or an admin's bearer token opens them.
 */
@ApiExcludeController()
@Controller('codec')
@RequirePermission('codec:decode', undefined, { changesNothing: true })
export class CodecController {
  private readonly codec: AesGcmPayloadCodec;

  constructor(@Inject(CONFIG) private readonly config: Config) {
    this.codec = new AesGcmPayloadCodec(config.payloadKeys, config.activePayloadKeyId);
  }

  @Post('encode')
  @HttpCode(200)
  async encode(@Body() body: unknown, @Headers() headers: Record<string, string | undefined>) {
    this.checkNamespace(headers);
    return { payloads: (await this.codec.encode(fromJson(body))).map(toJson) };
  }

  @Post('decode')
  @HttpCode(200)
  async decode(@Body() body: unknown, @Headers() headers: Record<string, string | undefined>) {
    this.checkNamespace(headers);
    try {
      return { payloads: (await this.codec.decode(fromJson(body))).map(toJson) };
    } catch (err) {
      throw new BadRequestException(`payloads could not be decrypted: ${(err as Error).message}`);
    }
  }

  private checkNamespace(headers: Record<string, string | undefined>): void {
    const namespace = headers['x-namespace'];
    if (namespace && namespace !== this.config.temporal.namespace) {
      throw new ForbiddenException(`X-Namespace "${namespace}" is not served by this codec`);
    }
  }
}

function fromJson(body: unknown): Payload[] {
  const payloads = (body as { payloads?: unknown })?.payloads;
  if (!Array.isArray(payloads)) throw new BadRequestException('payloads must be an array');
  return payloads.map((p: JsonPayload, i) => {
    if (typeof p !== 'object' || p === null) throw new BadRequestException(`payloads[${i}] must be an object`);
    const metadata: Record<string, Uint8Array> = {};
    for (const [k, v] of Object.entries(p.metadata ?? {})) {
      if (typeof v !== 'string') throw new BadRequestException(`payloads[${i}].metadata.${k} must be base64 text`);
      metadata[k] = Buffer.from(v, 'base64');
    }
    if (p.data !== undefined && typeof p.data !== 'string') throw new BadRequestException(`payloads[${i}].data must be base64 text`);
    return { metadata, data: Buffer.from(p.data ?? '', 'base64') };
  });
}

function toJson(p: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
  };
}
