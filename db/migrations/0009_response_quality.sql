CREATE TABLE "response_quality" (
	"response_id" bigint PRIMARY KEY NOT NULL,
	"wave_id" uuid NOT NULL,
	"flags" jsonb NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"excluded_at" timestamp with time zone,
	"excluded_by" text
);
--> statement-breakpoint
ALTER TABLE "response_quality" ADD CONSTRAINT "response_quality_response_id_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."responses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_quality" ADD CONSTRAINT "response_quality_wave_id_waves_id_fk" FOREIGN KEY ("wave_id") REFERENCES "public"."waves"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "response_quality_wave" ON "response_quality" USING btree ("wave_id","response_id");