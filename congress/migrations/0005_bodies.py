"""Bodies of the city network (DOMAIN.md §11): the body tree, roles held in a body, and the body of
terms and handling units (nullable here; filled by 0006, required by 0007)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('congress', '0004_session_names'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Body',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('city', "City people's congress standing committee"), ('county', "District or county people's congress standing committee"), ('township', "Township people's congress presidium"), ('street', "Street people's congress working committee")], max_length=20, verbose_name='kind')),
                ('name', models.CharField(max_length=100, unique=True, verbose_name='name')),
                ('short_name', models.CharField(blank=True, max_length=40, verbose_name='short name')),
                ('path', models.CharField(default='', editable=False, max_length=255, verbose_name='path')),
                ('sort_order', models.PositiveSmallIntegerField(default=0, verbose_name='sort order')),
                ('area', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='bodies', to='congress.area', verbose_name='administrative area')),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='congress.body', verbose_name='parent body')),
            ],
            options={
                'verbose_name': "people's congress body",
                'verbose_name_plural': "people's congress bodies",
                'ordering': ['path'],
            },
        ),
        migrations.AddField(
            model_name='handlingunit',
            name='body',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='units', to='congress.body', verbose_name="people's congress body"),
        ),
        migrations.AddField(
            model_name='term',
            name='body',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='terms', to='congress.body', verbose_name="people's congress body"),
        ),
        migrations.CreateModel(
            name='BodyRole',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('committee_staff', 'Committee staff'), ('committee_leader', 'Committee leader'), ('station_liaison', 'Station liaison')], max_length=20, verbose_name='role held')),
                ('body', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='roles', to='congress.body', verbose_name="people's congress body")),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='body_roles', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'role in a body',
                'verbose_name_plural': 'roles in bodies',
                'ordering': ['body', 'role', 'user'],
            },
        ),
        migrations.AddIndex(
            model_name='body',
            index=models.Index(fields=['path'], name='body_path_idx', opclasses=['varchar_pattern_ops']),
        ),
        migrations.AddConstraint(
            model_name='bodyrole',
            constraint=models.UniqueConstraint(fields=('user', 'body', 'role'), name='body_role_unique'),
        ),
    ]
