/**
 * The intake baseline of the benchmark: a NestJS app with the same validation pipe, a small class-validator DTO and
 * one INSERT on the same PostgreSQL. No auth, no JSON Schema of the life event, no idempotency lookup, no outbox.
 * Started by scripts/bench/run.ts as its own process: `node dist/scripts/bench/bare-intake.js <port> <databaseUrl>`.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Module, Post, Get } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { IsIn, IsObject, Matches } from 'class-validator';
import { Pool } from 'pg';
import { createValidationPipe } from '@simpul/http';

class BareApplicationDto {
  @IsIn(['BIRTH'])
  lifeEvent!: string;

  @Matches(/^\d{16}$/)
  applicantNik!: string;

  @IsObject()
  data!: Record<string, unknown>;
}

const port = Number(process.argv[2]);
const pool = new Pool({ connectionString: process.argv[3], max: 10 });

@Controller()
class BareIntakeController {
  @Post('intake')
  @HttpCode(202)
  async submit(@Body() body: BareApplicationDto): Promise<{ id: string }> {
    const id = randomUUID();
    await pool.query('INSERT INTO bench_bare_intake (id, life_event, data) VALUES ($1, $2, $3)', [id, body.lifeEvent, JSON.stringify(body.data)]);
    return { id };
  }

  @Get('health/ready')
  ready(): { status: 'ok' } {
    return { status: 'ok' };
  }
}

@Module({ controllers: [BareIntakeController] })
class BareIntakeModule {}

async function main(): Promise<void> {
  await pool.query('CREATE TABLE IF NOT EXISTS bench_bare_intake (id uuid PRIMARY KEY, life_event text NOT NULL, data jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())');
  const app = await NestFactory.create(BareIntakeModule, { logger: ['error'] });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  await app.listen(port, '127.0.0.1');
}

void main();
