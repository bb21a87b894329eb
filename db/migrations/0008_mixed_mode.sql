ALTER TABLE "api_tokens" DROP CONSTRAINT "api_tokens_role_valid";--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "mode" text DEFAULT 'web' NOT NULL;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "interviewer_id" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "mode" text DEFAULT 'web' NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "interviewer_id" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "external_id" text;--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_wave_external" ON "sessions" USING btree ("wave_id","external_id") WHERE "sessions"."external_id" is not null;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_role_valid" CHECK ("api_tokens"."role" in ('admin', 'researcher', 'viewer', 'interviewer'));--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_mode_valid" CHECK ("responses"."mode" in ('web', 'phone', 'face_to_face'));--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_mode_valid" CHECK ("sessions"."mode" in ('web', 'phone', 'face_to_face'));