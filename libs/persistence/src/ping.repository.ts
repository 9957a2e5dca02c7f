import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The readiness probe's round trip to PostgreSQL. */
@Injectable()
export class PingRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async ping(): Promise<void> {
    await this.ds.query('SELECT 1');
  }
}
