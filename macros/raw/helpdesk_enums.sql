{#- Accepted values of the enumerated raw columns (SPEC section 1). -#}
{% macro helpdesk_enums() %}
    {{ return({
        'channel': ['email', 'chat', 'phone', 'social', 'web', 'api'],
        'priority': ['low', 'normal', 'high', 'urgent'],
        'created_by_type': ['customer', 'agent', 'bot'],
        'event_type': ['status_change', 'assignment', 'escalation',
                       'category_change', 'priority_change'],
        'status': ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'],
        'tier': ['L1', 'L2', 'L3'],
        'escalation_reason': ['knowledge', 'authorization', 'complexity'],
        'author_type': ['customer', 'agent', 'bot', 'system'],
        'survey_type': ['csat', 'ces', 'nps'],
        'agent_status': ['available', 'handling', 'after_call_work', 'break',
                         'meeting', 'training', 'offline'],
        'shift_activity': ['work', 'break', 'meeting', 'training'],
        'call_direction': ['inbound', 'outbound'],
        'call_outcome': ['converted', 'not_converted', 'no_answer'],
        'entry_point': ['kb_search', 'help_center', 'in_app_chat', 'chatbot'],
        'self_service_outcome': ['confirmed_resolved', 'escalated', 'abandoned'],
        'cost_type': ['salaries', 'tools', 'infrastructure', 'overhead'],
    }) }}
{% endmacro %}

{#- SQL list literal of an enum, e.g. ('email', 'chat'). -#}
{% macro enum_sql(name) %}
    {{- "('" ~ helpdesk_enums()[name] | join("', '") ~ "')" -}}
{% endmacro %}
