import { Module } from '@nestjs/common';
import { OperatorModule } from '../operator.module';
import { DeadLetterIndexConsumer } from './dead-letter-index.consumer';
import { DeadLettersController } from './dead-letters.controller';
import { DeadLettersRepository } from './dead-letters.repository';
import { DeadLettersService } from './dead-letters.service';

/** Dead letters: indexed by their own consumer group, listed, replayed or discarded by operators (recorded actions). */
@Module({
  imports: [OperatorModule],
  controllers: [DeadLettersController, DeadLetterIndexConsumer],
  providers: [DeadLettersRepository, DeadLettersService],
})
export class DeadLettersModule {}
