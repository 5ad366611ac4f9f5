-- AlterTable
ALTER TABLE "ingestion_jobs" ADD COLUMN     "queryable_seconds" DOUBLE PRECISION;
