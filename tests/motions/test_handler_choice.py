"""The handläggare of a case is chosen by full name; the login shows only where two people share
a name, or where no name is set."""

from casework import roles


def test_the_handler_list_shows_full_names_and_the_login_only_where_needed(
    registrator_client, world, user_with_role
):
    for username, first, last in [
        ("anna.ek", "Anna", "Ek"),
        ("anna.ek2", "Anna", "Ek"),
        ("bo.berg", "Bo", "Berg"),
        ("utan.namn", "", ""),
    ]:
        user = user_with_role(roles.HANDLAGGARE, username)
        user.first_name, user.last_name = first, last
        user.save()
    for page in ["/arenden/ny-motion/", f"/arenden/{world.motion().case.slug}/uppgifter/"]:
        form = registrator_client.get(page).text
        select = form[
            form.index('name="handler"') : form.index("</select>", form.index('name="handler"'))
        ]
        assert ">Bo Berg</option>" in select, page
        assert ">Anna Ek (anna.ek)</option>" in select and ">Anna Ek (anna.ek2)</option>" in select
        assert ">utan.namn</option>" in select
        assert ">bo.berg<" not in select
