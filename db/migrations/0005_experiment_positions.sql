CREATE TABLE "experiment_positions" (
	"wave_id" uuid NOT NULL,
	"experiment" text NOT NULL,
	"stratum" text NOT NULL,
	"next" integer NOT NULL,
	CONSTRAINT "experiment_positions_wave_id_experiment_stratum_pk" PRIMARY KEY("wave_id","experiment","stratum")
);
--> statement-breakpoint
ALTER TABLE "experiment_positions" ADD CONSTRAINT "experiment_positions_wave_id_waves_id_fk" FOREIGN KEY ("wave_id") REFERENCES "public"."waves"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
-- Positions already handed out (recorded in the sessions' paradata) continue where they stopped.
INSERT INTO "experiment_positions" ("wave_id", "experiment", "stratum", "next")
SELECT s."wave_id", a.key, a.value->>'stratum', max((a.value->>'position')::int) + 1
FROM "sessions" s CROSS JOIN LATERAL jsonb_each(s."paradata"->'assignments') a
WHERE s."paradata" ? 'assignments' AND jsonb_typeof(s."paradata"->'assignments') = 'object'
GROUP BY s."wave_id", a.key, a.value->>'stratum';
