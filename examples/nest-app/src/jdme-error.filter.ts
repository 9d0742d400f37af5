// JdmeError → an HTTP answer carrying the platform's code, its category and robotwire's hint.
import { Catch, HttpStatus, Inject } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { JdmeError, RobotwireError } from 'robotwire';

const STATUS: Record<string, number> = {
  parameter: HttpStatus.BAD_REQUEST,
  permission: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  rate_limited: HttpStatus.TOO_MANY_REQUESTS,
};

@Catch(JdmeError, RobotwireError)
export class JdmeErrorFilter implements ExceptionFilter {
  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  catch(error: JdmeError | RobotwireError, host: ArgumentsHost): void {
    const { httpAdapter } = this.adapterHost;
    const res = host.switchToHttp().getResponse();
    if (error instanceof JdmeError) {
      const body = { code: error.code, msg: error.platformMsg, category: error.category, endpoint: error.endpoint, requestId: error.requestId, rule: error.rule, hint: error.hint };
      httpAdapter.reply(res, body, STATUS[error.category] ?? HttpStatus.BAD_GATEWAY);
    } else {
      // Refused before sending (robotwire's validation, e.g. rule_violation: text too long).
      httpAdapter.reply(res, { code: error.code, msg: error.message }, HttpStatus.BAD_REQUEST);
    }
  }
}
