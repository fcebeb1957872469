/* example_rules.h: the example rule set that the rule-set and scoring
 * tests check and score with. Include after cmocka.h. */
#ifndef TEST_EXAMPLE_RULES_H
#define TEST_EXAMPLE_RULES_H

#include <jansson.h>

static const char *rules_text =
	"{\"baseline\": 700, \"min\": 0, \"max\": 1000,"
	" \"grades\": [{\"grade\": \"A\", \"from\": 800, \"to\": 1000},"
	"  {\"grade\": \"B\", \"from\": 650, \"to\": 799},"
	"  {\"grade\": \"C\", \"from\": 500, \"to\": 649},"
	"  {\"grade\": \"D\", \"from\": 0, \"to\": 499}],"
	" \"factors\": ["
	"  {\"code\": \"penalty_serious\", \"fact\": \"penalties_serious\","
	"   \"points\": -200, \"cap\": -400, \"zh\": \"严重\", \"en\": "
	"\"Serious\","
	"   \"raise_zh\": \"修复\", \"raise_en\": \"Repair it\"},"
	"  {\"code\": \"rejected\", \"fact\": \"messages_rejected\", \"per\":"
	"   \"messages\", \"guard\": 200, \"points\": -1, \"cap\": -80,"
	"   \"zh\": \"退单\", \"en\": \"Rejected\"},"
	"  {\"code\": \"clean\", \"fact\": \"months_clean\", \"points\": 2,"
	"   \"cap\": 60, \"zh\": \"无违规\", \"en\": \"Clean months\"}"
	" ]}";

static json_t *rules(void)
{
	json_t *r = json_loads(rules_text, 0, NULL);
	assert_non_null(r);
	return r;
}

#endif
