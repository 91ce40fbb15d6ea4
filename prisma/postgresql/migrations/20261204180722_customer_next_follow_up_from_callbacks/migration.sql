-- DropIndex
DROP INDEX "Customer_nextFollowUpAt_idx";

-- AlterTable
ALTER TABLE "Customer" DROP COLUMN "nextFollowUpAt";
