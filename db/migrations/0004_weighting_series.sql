CREATE TABLE "current_weighting_runs" (
	"wave_id" uuid PRIMARY KEY NOT NULL,
	"run_id" uuid NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicator_distributions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"study_id" uuid NOT NULL,
	"wave_id" uuid NOT NULL,
	"question" text NOT NULL,
	"geo_kind" text NOT NULL,
	"geo_code" text NOT NULL,
	"region" text NOT NULL,
	"point" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicator_series" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"study_id" uuid NOT NULL,
	"wave_id" uuid NOT NULL,
	"indicator" text NOT NULL,
	"geo_kind" text NOT NULL,
	"geo_code" text NOT NULL,
	"region" text NOT NULL,
	"subgroup_variable" text NOT NULL,
	"subgroup_level" text NOT NULL,
	"point" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "response_weights" (
	"run_id" uuid NOT NULL,
	"response_id" bigint NOT NULL,
	"country" text NOT NULL,
	"weight" double precision NOT NULL,
	"raked_weight" double precision NOT NULL,
	"cell" integer NOT NULL,
	CONSTRAINT "response_weights_run_id_response_id_pk" PRIMARY KEY("run_id","response_id")
);
--> statement-breakpoint
CREATE TABLE "series_waves" (
	"wave_id" uuid PRIMARY KEY NOT NULL,
	"study_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"definitions_fingerprint" text NOT NULL,
	"questions" jsonb NOT NULL,
	"indicators" jsonb NOT NULL,
	"materialised_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "weighting_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"wave_id" uuid NOT NULL,
	"actor" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"parameters" jsonb NOT NULL,
	"definition_fingerprint" text NOT NULL,
	"input" jsonb NOT NULL,
	"weights_hash" text NOT NULL,
	"countries" jsonb NOT NULL,
	"warnings" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "current_weighting_runs" ADD CONSTRAINT "current_weighting_runs_wave_id_waves_id_fk" FOREIGN KEY ("wave_id") REFERENCES "public"."waves"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "current_weighting_runs" ADD CONSTRAINT "current_weighting_runs_run_id_weighting_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."weighting_runs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_distributions" ADD CONSTRAINT "indicator_distributions_wave_id_series_waves_wave_id_fk" FOREIGN KEY ("wave_id") REFERENCES "public"."series_waves"("wave_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_series" ADD CONSTRAINT "indicator_series_wave_id_series_waves_wave_id_fk" FOREIGN KEY ("wave_id") REFERENCES "public"."series_waves"("wave_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_weights" ADD CONSTRAINT "response_weights_run_id_weighting_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."weighting_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_weights" ADD CONSTRAINT "response_weights_response_id_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."responses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "series_waves" ADD CONSTRAINT "series_waves_wave_id_waves_id_fk" FOREIGN KEY ("wave_id") REFERENCES "public"."waves"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "series_waves" ADD CONSTRAINT "series_waves_study_id_studies_id_fk" FOREIGN KEY ("study_id") REFERENCES "public"."studies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "series_waves" ADD CONSTRAINT "series_waves_run_id_weighting_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."weighting_runs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "weighting_runs" ADD CONSTRAINT "weighting_runs_wave_id_waves_id_fk" FOREIGN KEY ("wave_id") REFERENCES "public"."waves"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "indicator_distributions_lookup" ON "indicator_distributions" USING btree ("study_id","question","wave_id");--> statement-breakpoint
CREATE INDEX "indicator_series_lookup" ON "indicator_series" USING btree ("study_id","indicator","wave_id");--> statement-breakpoint
CREATE INDEX "weighting_runs_wave" ON "weighting_runs" USING btree ("wave_id","created_at");