"""Bad input found by the new-user trial (issue 14 items 3, 4, 7): refused with the option path and the
value, before any write, through the real modules run by ansible-playbook."""
import pytest


def refused(playbook, emulator, module, args):
    emulator.reset_stats()
    run = playbook([{'name': 'bad', module: args, 'ignore_errors': True}], expect_failure=True)
    result = run['bad']
    assert result.get('failed') is True, result
    assert emulator.stats()['writes'] == 0
    return result


@pytest.mark.parametrize('name', ['', '   ', 'Support\tTier 1', 'Line\nbreak', 'q' * 256])
def test_queue_names_that_are_not_names_are_refused(emulator, playbook, name):
    result = refused(playbook, emulator, 'genesyscloud.routing.genesys_queue', {'name': name})
    assert ('name', name) in [(error['path'], error['value']) for error in result['errors']]
    assert set(error['path'] for error in result['errors']) == {'name'}


def test_bulk_queue_names_are_refused_with_the_item_path(emulator, playbook):
    result = refused(playbook, emulator, 'genesyscloud.routing.genesys_queue',
                     {'queues': [{'name': 'Fine'}, {'name': ' '}, {'name': 'x' * 300}]})
    assert [error['path'] for error in result['errors']] == ['queues[1].name', 'queues[2].name']


def test_a_skill_name_of_ten_thousand_characters_is_refused(emulator, playbook):
    result = refused(playbook, emulator, 'genesyscloud.routing.genesys_skill', {'skills': [{'name': 's' * 10000}]})
    assert result['errors'][0]['path'] == 'skills[0].name'
    assert 'is 10000 characters long' in result['msg'] or 'too long' in result['msg']


def test_an_empty_webhook_name_is_refused(emulator, playbook):
    result = refused(playbook, emulator, 'genesyscloud.routing.genesys_webhook',
                     {'name': '', 'aws_account_id': '123456789012', 'aws_region': 'eu-west-1',
                      'event_source_suffix': 'routing', 'events': ['queue.*']})
    assert result['errors'][0]['path'] == 'name'


def test_strings_where_dicts_are_expected_name_the_option_path_and_value(emulator, playbook):
    result = refused(playbook, emulator, 'genesyscloud.routing.genesys_queue', {'queues': [
        'Support',
        {'name': 'A', 'media_settings': 'fast'},
        {'name': 'B', 'members': ['ada@example.com']},
        {'name': 'C', 'media_settings': {'call': {'alerting_timeout_seconds': 3}}},
    ]})
    assert [(error['path'], error['value']) for error in result['errors']] == [
        ('queues[0]', 'Support'),
        ('queues[1].media_settings', 'fast'),
        ('queues[2].members[0]', 'ada@example.com'),
        ('queues[3].media_settings.call.alerting_timeout_seconds', 3),
    ]
    assert "queues[1].media_settings: expected object, got 'fast'" in result['msg']


def test_bulk_items_keep_ansible_conversions(emulator, playbook):
    """Items are no longer converted by the argument spec; the same conversions still apply."""
    run = playbook([{'name': 'ok', 'genesyscloud.routing.genesys_queue': {'queues': [
        {'name': 'Converted', 'media_settings': {'call': {'alerting_timeout_seconds': '15'}}}]}}])
    assert run['ok']['changed'] is True
    again = playbook([{'name': 'again', 'genesyscloud.routing.genesys_queue': {'queues': [
        {'name': 'Converted', 'media_settings': {'call': {'alerting_timeout_seconds': 15}}}]}}])
    assert again['again']['changed'] is False  # '15' was stored as the number 15
