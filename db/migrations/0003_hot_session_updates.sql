ALTER TABLE "sessions" DROP CONSTRAINT "sessions_invitation_id_unique";--> statement-breakpoint
DROP INDEX "sessions_wave_status";--> statement-breakpoint
DROP INDEX "sessions_wave_device";--> statement-breakpoint
CREATE INDEX "sessions_wave" ON "sessions" USING btree ("wave_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_invitation" ON "sessions" USING btree ("invitation_id") WHERE "sessions"."invitation_id" is not null;--> statement-breakpoint
CREATE INDEX "sessions_wave_device" ON "sessions" USING btree ("wave_id","device_hash") WHERE "sessions"."device_hash" is not null;--> statement-breakpoint
ALTER TABLE "sessions" SET (fillfactor = 70);
