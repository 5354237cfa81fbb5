-- Who held Ramouseh on 10 August 2016? (the who_held macro matches any of the place's names)
{{ who_held('Ramouseh', '2016-08-10') }}
