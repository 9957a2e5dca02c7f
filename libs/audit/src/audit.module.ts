import { Global, Module } from '@nestjs/common';
import { AuditTrail } from './audit-trail';

/** Makes AuditTrail injectable; needs PersistenceModule (the DataSource) in the same application. */
@Global()
@Module({ providers: [AuditTrail], exports: [AuditTrail] })
export class AuditModule {}
