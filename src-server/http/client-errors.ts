/**
 * Answers to requests that never reach a route, in the protocol's error format like every other
 * answer: what Node's HTTP parser refuses (431 headers too large, a malformed request) and what
 * Fastify's router refuses (414 a path parameter over maxParamLength, 400 a bad URL encoding).
 * Fastify's defaults answer these with its own `{ error, message, statusCode }` body.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors';

function parserRefusal(error: Error & { code?: string }): ApiError {
  if (error.code === 'HPE_HEADER_OVERFLOW') return new ApiError(431, 'invalid_request', 'the request line and headers are larger than the office accepts (16 KB)');
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return new ApiError(408, 'invalid_request', 'the request was not received in time');
  return new ApiError(400, 'invalid_request', 'the request is not valid HTTP');
}

/** For Fastify's `clientErrorHandler`: writes the answer on the raw socket, then closes it. */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  // A reset or an already closed socket has no one to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const refusal = parserRefusal(error);
  const body = JSON.stringify(refusal.toBody());
  if (!socket.writable) {
    socket.destroy(error);
    return;
  }
  socket.end(
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? ''}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

/** For Fastify's `frameworkErrors`: errors the router finds before any route runs. */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const refusal =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new ApiError(414, 'invalid_request', 'a path segment is longer than the office accepts (100 characters)')
      : error.code === 'FST_ERR_BAD_URL'
        ? new ApiError(400, 'invalid_request', 'the URL is not validly encoded')
        : new ApiError(error.statusCode ?? 400, 'invalid_request', error.message);
  void reply.code(refusal.status).send(refusal.toBody());
}
