{#- The raw input contract of SPEC section 1, in one place.
    Per table: whether the table must exist, its id column (none: row number),
    and its columns with a flag saying whether the file must carry them.
    Columns not required may be absent from a file and read as null.
    loaded_at: for the tables that are streams of events, the timestamp whose
    latest value says how current the table is (source freshness); none for
    reference tables (agents, customers, schedules ...) and monthly costs. -#}
{% macro helpdesk_raw_schema() %}
    {{ return({
        'tickets': {'required': true, 'id': 'ticket_id', 'loaded_at': 'created_at', 'columns': [
            ['ticket_id', true], ['customer_id', true], ['created_at', true],
            ['channel', true], ['category', true], ['priority', true],
            ['created_by_type', false], ['schedule_id', false]]},
        'ticket_events': {'required': true, 'id': 'event_id', 'loaded_at': 'event_at', 'columns': [
            ['event_id', true], ['ticket_id', true], ['event_at', true],
            ['event_type', true], ['actor_id', false], ['from_value', false],
            ['to_value', true], ['reason', false]]},
        'messages': {'required': true, 'id': 'message_id', 'loaded_at': 'sent_at', 'columns': [
            ['message_id', true], ['ticket_id', true], ['sent_at', true],
            ['author_type', true], ['author_id', false], ['is_public', true],
            ['channel', false]]},
        'work_sessions': {'required': false, 'id': 'session_id', 'loaded_at': 'started_at', 'columns': [
            ['session_id', true], ['ticket_id', true], ['agent_id', true],
            ['started_at', true], ['ended_at', true]]},
        'agents': {'required': false, 'id': 'agent_id', 'loaded_at': none, 'columns': [
            ['agent_id', true], ['agent_name', false], ['team', false],
            ['tier', false], ['is_bot', false], ['hired_at', false],
            ['terminated_at', false], ['hourly_cost', false]]},
        'customers': {'required': false, 'id': 'customer_id', 'loaded_at': none, 'columns': [
            ['customer_id', true], ['account_id', false], ['segment', false],
            ['plan', false], ['signed_up_at', false], ['churned_at', false]]},
        'surveys': {'required': false, 'id': 'survey_id', 'loaded_at': 'sent_at', 'columns': [
            ['survey_id', true], ['ticket_id', true], ['survey_type', true],
            ['sent_at', true], ['responded_at', true], ['score', true]]},
        'agent_status_log': {'required': false, 'id': none, 'loaded_at': 'started_at', 'columns': [
            ['agent_id', true], ['status', true], ['started_at', true],
            ['ended_at', true]]},
        'agent_shifts': {'required': false, 'id': 'shift_id', 'loaded_at': none, 'columns': [
            ['agent_id', true], ['shift_id', true], ['activity', true],
            ['scheduled_start', true], ['scheduled_end', true]]},
        'calls': {'required': false, 'id': 'call_id', 'loaded_at': 'queued_at', 'columns': [
            ['call_id', true], ['ticket_id', false], ['customer_id', false],
            ['agent_id', false], ['direction', true], ['queued_at', true],
            ['answered_at', true], ['ended_at', true], ['abandoned_at', true],
            ['hold_seconds', false], ['after_call_work_seconds', false],
            ['outcome', false]]},
        'self_service_sessions': {'required': false, 'id': 'session_id', 'loaded_at': 'started_at', 'columns': [
            ['session_id', true], ['customer_id', false], ['started_at', true],
            ['ended_at', false], ['entry_point', true], ['outcome', true],
            ['ticket_id', false], ['category', false]]},
        'leads': {'required': false, 'id': 'lead_id', 'loaded_at': 'created_at', 'columns': [
            ['lead_id', true], ['created_at', true], ['first_contacted_at', true],
            ['converted_at', true], ['agent_id', false]]},
        'support_costs': {'required': false, 'id': none, 'loaded_at': none, 'columns': [
            ['month', true], ['cost_type', true], ['amount', true]]},
        'schedules': {'required': false, 'id': none, 'loaded_at': none, 'columns': [
            ['schedule_id', true], ['timezone', true], ['day_of_week', true],
            ['start_time', true], ['end_time', true], ['is_default', false]]},
        'holidays': {'required': false, 'id': none, 'loaded_at': none, 'columns': [
            ['schedule_id', true], ['holiday_date', true], ['holiday_name', false]]},
    }) }}
{% endmacro %}
